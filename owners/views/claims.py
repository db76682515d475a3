"""Taking over a business the dinas imported: find it in the registry, then claim it with the
NIB and phone on record, ask the dinas to confirm, or open the one-time link the dinas sent.

Claim pages are for any logged-in account that does not own the business yet; its owners are
sent to their workspace instead."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from directory.models import Business
from owners.forms.claims import ClaimRequestForm, ClaimSearchForm, InstantClaimForm
from owners.models import ClaimRequest
from owners.services.claims import (
    CLAIM_SEARCH_LIMIT,
    ClaimError,
    claim_by_nib_and_phone,
    claim_instant_blocked,
    claim_link_check,
    claim_link_use,
    claim_request_create,
)

# A link that does not exist answers 404; one that did but is spent or expired, 410 Gone.
LINK_REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _claimable_business_or_404(slug):
    """A business that may be claimed (a listed one), with the region and district the page shows."""
    return get_object_or_404(Business.objects.claimable().select_related("regency", "district"), slug=slug)


def _owns(user, **lookup):
    return Business.objects.owned_by(user).filter(**lookup).exists()


@never_cache
@login_required
def claim_search(request):
    """Any logged-in account: the registry's listed businesses by name (optionally in one
    kabupaten/kota) or by NIB, public fields only, at most CLAIM_SEARCH_LIMIT of them."""
    form = ClaimSearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        results = list(Business.objects.for_claim_search(
            user=request.user, name=form.cleaned_data["q"], regency_code=form.cleaned_data["wilayah"],
            nib=form.cleaned_data["nib"],
        )[:CLAIM_SEARCH_LIMIT])
    return render(request, "owners/claims/search.html", {
        "form": form,
        "results": results,
        "more_than_shown": results is not None and len(results) == CLAIM_SEARCH_LIMIT,
        "limit": CLAIM_SEARCH_LIMIT,
    })


@never_cache
@login_required
def claim(request, slug):
    """Any logged-in account that does not own the business: claim it at once with NIB and
    phone (a limited number of failures an hour), or ask the dinas of its region to confirm."""
    if _owns(request.user, slug=slug):
        return redirect("owners:business-edit", slug)
    business = _claimable_business_or_404(slug)
    latest = (
        ClaimRequest.objects.filter(business=business, user=request.user, kind=ClaimRequest.Kind.CLAIM)
        .order_by("-created_at", "-pk").first()
    )
    pending = latest if latest is not None and latest.status == ClaimRequest.Status.PENDING else None
    instant_form = InstantClaimForm(prefix="instant")
    request_form = ClaimRequestForm(prefix="request")
    action = request.POST.get("action") if request.method == "POST" else None
    if action and pending:
        return redirect("owners:claim", slug)  # under review: the page shows no forms
    if action == "instant" and not claim_instant_blocked(request.user):
        instant_form = InstantClaimForm(request.POST, prefix="instant")
        if instant_form.is_valid():
            try:
                claim_by_nib_and_phone(
                    business=business, user=request.user,
                    nib=instant_form.cleaned_data["nib"], phone=instant_form.cleaned_data["phone"],
                )
            except ClaimError as error:
                instant_form.add_error(None, error)
            else:
                messages.success(request, _("%(business)s kini terhubung dengan akun Anda. Silakan lengkapi profilnya.") % {
                    "business": business.name,
                })
                return redirect("owners:business-edit", business.slug)
    elif action == "request":
        request_form = ClaimRequestForm(request.POST, prefix="request")
        if request_form.is_valid():
            claim_request_create(
                business=business, user=request.user,
                phone=request_form.cleaned_data["phone"], message=request_form.cleaned_data["message"],
            )
            messages.success(request, _("Permintaan terkirim ke dinas %(region)s.") % {"region": business.regency.name})
            return redirect("owners:claim", business.slug)
    return render(request, "owners/claims/claim.html", {
        "business": business,
        "pending": pending,
        "rejected": latest if latest is not None and latest.status == ClaimRequest.Status.REJECTED else None,
        "instant_form": instant_form,
        "instant_blocked": claim_instant_blocked(request.user),
        "request_form": request_form,
    })


@never_cache
def claim_link(request, token):
    """Anyone with the link. Visitors are asked to sign up or log in first (and come back here);
    a logged-in account confirms with a POST and becomes an owner. A link that is unknown
    answers 404, one used or expired 410, with the advice to ask the dinas for a new one."""
    try:
        link = claim_link_check(token)
    except ClaimError as error:
        return render(
            request, "owners/claims/link_refused.html", {"reason": error.message, "code": error.code},
            status=LINK_REFUSED_STATUS[error.code],
        )
    business = link.business
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        back = urlencode({"next": request.path})
        return render(request, "owners/claims/link.html", {
            "business": business,
            "sign_up_url": f"{reverse('accounts:sign-up')}?{back}",
            "login_url": f"{reverse('accounts:login')}?{back}",
        })
    if _owns(request.user, pk=business.pk):
        # Left unused: it may have been meant for a co-owner.
        messages.info(request, _("Anda sudah terdaftar sebagai pemilik %(business)s.") % {"business": business.name})
        return redirect("owners:business-edit", business.slug)
    if request.method == "POST":
        try:
            claim_link_use(token=token, user=request.user)
        except ClaimError as error:  # spent or expired since the page was shown
            return render(
                request, "owners/claims/link_refused.html", {"reason": error.message, "code": error.code},
                status=LINK_REFUSED_STATUS[error.code],
            )
        messages.success(request, _("%(business)s kini terhubung dengan akun Anda. Silakan lengkapi profilnya.") % {
            "business": business.name,
        })
        return redirect("owners:business-edit", business.slug)
    return render(request, "owners/claims/link.html", {"business": business, "link": link})
