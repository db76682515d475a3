"""Who may open which owner page: one helper per object type. Anything the user does not
own answers 404, exactly as a page that does not exist (never 403, which would confirm
that the object is there)."""

from django.shortcuts import get_object_or_404

from catalog.models import Product
from directory.models import Business


def owned_business_or_404(user, slug):
    """A business `user` owns, with what the workspace header shows."""
    return get_object_or_404(Business.objects.owned_by(user).select_related("regency"), slug=slug)


def owned_product_or_404(business, product_id):
    """A product of `business` (already checked with owned_business_or_404)."""
    product = get_object_or_404(Product.objects.filter(business=business), pk=product_id)
    product.business = business  # the one already loaded: no second query for it
    return product
