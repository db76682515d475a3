"""The "Laporkan" form of every product and business page: anyone, no account, a few reports an
hour per address and per listing (feedback.services). A page with a form: never page-cached."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from catalog.models import Product
from directory.models import Business
from feedback.forms import ReportForm, new_form_token
from feedback.services import ReportThrottled, report_create
from umkm_portal.client_ip import client_ip

THROTTLED_STATUS = 429


def _listed_product(slug):
    """A product the public may see, with its seller, else 404 (hidden, unlisted, unknown alike)."""
    return get_object_or_404(Product.objects.listed().select_related("business__regency"), slug=slug)


def _listed_business(slug):
    return get_object_or_404(Business.objects.listed().select_related("regency"), slug=slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_product(request, slug):
    """Report a listed product (and so its seller) to the staff of its kabupaten/kota."""
    product = _listed_product(slug)
    return _report(request, business=product.business, product=product, sent_url="feedback:product-sent", slug=slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_business(request, slug):
    """Report a listed business to the staff of its kabupaten/kota."""
    business = _listed_business(slug)
    return _report(request, business=business, product=None, sent_url="feedback:business-sent", slug=slug)


def _report(request, *, business, product, sent_url, slug):
    if request.method == "POST":
        form = ReportForm(request.POST)
    else:
        form = ReportForm(initial={"token": new_form_token()})
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            report_create(
                business=business, product=product, reason=data["reason"], message=data["message"],
                contact=data["contact"], ip_address=client_ip(request), form_token=data["token"],
            )
        except ReportThrottled as error:
            form.add_error(None, error.message)
            status = THROTTLED_STATUS
        else:
            return redirect(sent_url, slug=slug)
    return render(request, "feedback/report_form.html", {
        "form": form, "business": business, "product": product, "listing": product or business,
    }, status=status)


@require_safe
def product_sent(request, slug):
    product = _listed_product(slug)
    return render(request, "feedback/report_sent.html", {"business": product.business, "listing": product})


@require_safe
def business_sent(request, slug):
    business = _listed_business(slug)
    return render(request, "feedback/report_sent.html", {"business": business, "listing": business})
