"""The products of one business its owner runs: list, add, edit (with photos), hide/show, delete.

Only the business's owners reach these pages; for anyone else a business, product or photo
they do not own answers 404 (owners.access), whatever their other roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog.models import Product
from catalog.services import MAX_PRODUCT_PHOTOS
from owners.access import owned_business_or_404, owned_product_or_404
from owners.forms.products import ProductForm
from owners.services import products as product_flows

TAB = "products"


def _product_photo_or_404(product, photo_id):
    """A photo of `product` (already checked with owned_product_or_404)."""
    photo = get_object_or_404(product.photos.all(), pk=photo_id)
    photo.product = product
    return photo


def _photos_refused(form, error):
    """Show the photo service's refusal (a bad file, too many photos) under the photo field."""
    form.add_error("photos", error.messages)


@never_cache
@login_required
@require_safe
def product_list(request, slug):
    """The owner: every product of the business, hidden ones included, with quick actions."""
    business = owned_business_or_404(request.user, slug)
    products = list(
        Product.objects.filter(business=business).select_related("cover")
        .only("id", "name", "slug", "price_min", "price_max", "unit", "is_available", "is_hidden", "is_listed",
              "cover__id", "cover__thumb")
    )
    return render(request, "owners/products/list.html", {
        "business": business,
        "tab": TAB,
        "products": products,
        "hidden_count": sum(product.is_hidden for product in products),
    })


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def product_add(request, slug):
    """The owner: a new product with its photos; public at once when the business is listed."""
    business = owned_business_or_404(request.user, slug)
    form = ProductForm(request.POST or None, request.FILES or None, instance=Product(business=business))
    if request.method == "POST" and form.is_valid():
        try:
            product = product_flows.product_add(
                business=business, user=request.user, photos=form.cleaned_data["photos"], **form.product_fields()
            )
        except ValidationError as error:
            _photos_refused(form, error)
        else:
            if business.is_listed:
                messages.success(request, _("“%(name)s” sudah ditambahkan dan tampil di katalog.") % {"name": product.name})
            else:
                messages.success(request, _(
                    "“%(name)s” sudah ditambahkan. Produk tampil di katalog setelah usaha Anda tampil di portal."
                ) % {"name": product.name})
            return redirect("owners:product-list", slug=business.slug)
    return render(request, "owners/products/form.html", {
        "business": business,
        "tab": TAB,
        "form": form,
        "max_photos": MAX_PRODUCT_PHOTOS,
    })


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def product_edit(request, slug, product_id):
    """The owner: change a product's details, add photos, pick the cover, delete photos."""
    business = owned_business_or_404(request.user, slug)
    product = owned_product_or_404(business, product_id)
    stored_name = product.name  # the form changes `product` in memory, even when refused
    photos = list(product.photos.all())
    form = ProductForm(request.POST or None, request.FILES or None, instance=product, photo_count=len(photos))
    if request.method == "POST" and form.is_valid():
        try:
            product_flows.product_edit(product=form.instance, user=request.user, photos=form.cleaned_data["photos"])
        except ValidationError as error:
            _photos_refused(form, error)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect("owners:product-edit", slug=business.slug, product_id=product.pk)
    return render(request, "owners/products/form.html", {
        "business": business,
        "tab": TAB,
        "form": form,
        "product": product,
        "product_name": stored_name,
        "photos": photos,
        "max_photos": MAX_PRODUCT_PHOTOS,
    })


@never_cache
@login_required
@require_POST
def product_visibility(request, slug, product_id):
    """The owner: hide a product from the public pages, or show it again."""
    business = owned_business_or_404(request.user, slug)
    product = owned_product_or_404(business, product_id)
    product_flows.product_visibility_toggle(product=product, user=request.user)
    if product.is_hidden:
        messages.success(request, _("“%(name)s” disembunyikan: tidak tampil lagi di portal.") % {"name": product.name})
    else:
        messages.success(request, _("“%(name)s” ditampilkan lagi.") % {"name": product.name})
    return redirect("owners:product-list", slug=business.slug)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def product_delete(request, slug, product_id):
    """The owner: GET asks to confirm, POST deletes the product and its photos for good."""
    business = owned_business_or_404(request.user, slug)
    product = owned_product_or_404(business, product_id)
    if request.method == "POST":
        product_flows.product_delete(product=product, user=request.user)
        messages.success(request, _("“%(name)s” sudah dihapus.") % {"name": product.name})
        return redirect("owners:product-list", slug=business.slug)
    return render(request, "owners/products/delete.html", {
        "business": business, "tab": TAB, "product": product, "photo_count": product.photos.count(),
    })


@never_cache
@login_required
@require_POST
def product_photo_delete(request, slug, product_id, photo_id):
    """The owner: delete one photo of a product (its files too)."""
    business = owned_business_or_404(request.user, slug)
    product = owned_product_or_404(business, product_id)
    photo = _product_photo_or_404(product, photo_id)
    product_flows.product_photo_delete(photo=photo, user=request.user)
    messages.success(request, _("Foto dihapus."))
    return redirect("owners:product-edit", slug=business.slug, product_id=product.pk)


@never_cache
@login_required
@require_POST
def product_photo_cover(request, slug, product_id, photo_id):
    """The owner: make one photo the product's cover (shown on cards, first on its page)."""
    business = owned_business_or_404(request.user, slug)
    product = owned_product_or_404(business, product_id)
    photo = _product_photo_or_404(product, photo_id)
    product_flows.product_photo_make_cover(product=product, photo=photo, user=request.user)
    messages.success(request, _("Foto sampul diganti."))
    return redirect("owners:product-edit", slug=business.slug, product_id=product.pk)
