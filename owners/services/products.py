"""Owners adding, editing, hiding and deleting their products and product photos. Live at once
when the business is listed; each change is kept in the history (owners.services.history)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog import services as catalog_services
from owners.models import ChangeRecord
from owners.services.history import readable_value, record_change, save_with_history, stored_value
from umkm_portal.images import process_uploads

PRODUCT_FIELDS = [
    "name", "description", "category", "price_min", "price_max", "unit", "min_order", "is_available", "is_hidden",
]
# Owner-edited product fields the listing columns and facet counts depend on (catalog.services.product_save).
FACET_FIELDS = {"category", "is_hidden"}


def product_update(*, product, user, fields=PRODUCT_FIELDS, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """Save an owner's edit of `product` (hide/show included): live at once, kept in the history."""
    product.full_clean()
    with transaction.atomic():
        record = save_with_history(
            product, fields=fields, user=user, business=product.business, subject=ChangeRecord.Subject.PRODUCT,
            product=product, action=action, revert_of=revert_of,
        )
        # Hiding/showing changes is_listed and the counts; a category change moves a count. Other
        # fields (name, price, …) touch neither, so the row saved above is all there is to do.
        if record and FACET_FIELDS & {change["field"] for change in record.changes}:
            catalog_services.product_save(product=product)
    return record


def _photo_count_change(old, new):
    return {"field": "photos", "old": old, "new": new,
            "old_text": ngettext("%(n)s foto", "%(n)s foto", old) % {"n": old},
            "new_text": ngettext("%(n)s foto", "%(n)s foto", new) % {"n": new}}


def product_add(*, business, user, photos=(), **fields):
    """Create a product of `business` from the owner pages (live at once when the business is
    listed), recorded in the history. Every photo is checked before anything is written."""
    if len(photos) > catalog_services.MAX_PRODUCT_PHOTOS:
        raise ValidationError(catalog_services.too_many_photos_message(len(photos), 0), code="too_many_photos")
    images = process_uploads(photos)  # before the transaction: it takes a while
    with transaction.atomic():
        product = catalog_services.product_create(business=business, photos=images, **fields)
        changes = [
            {"field": name, "old": None, "new": stored_value(value), "old_text": "", "new_text": readable_value(product, name, value)}
            for name in PRODUCT_FIELDS
            if (value := getattr(product, product._meta.get_field(name).attname)) not in (None, "")
        ]
        if images:
            changes.append(_photo_count_change(0, len(images)))
        record_change(
            business=business, user=user, subject=ChangeRecord.Subject.PRODUCT, action=ChangeRecord.Action.CREATE,
            label=product.name, product=product, changes=changes,
        )
    return product


def product_edit(*, product, user, photos=()):
    """Save the owner's edit of `product` (changed in memory by the form) and add `photos` to it:
    the photos are checked first, then everything is written together or nothing is (too many
    photos raise ValidationError). Fields and photos each get their history entry."""
    images = process_uploads(photos)
    with transaction.atomic():
        product_update(product=product, user=user)
        if images:
            catalog_services.product_add_photos(product=product, images=images)
            count = product.photos.count()
            record_change(
                business=product.business, user=user, subject=ChangeRecord.Subject.PHOTO,
                action=ChangeRecord.Action.CREATE, label=product.name, product=product,
                changes=[_photo_count_change(count - len(images), count)],
            )
    return product


def product_visibility_toggle(*, product, user):
    """Hide a shown product or show a hidden one: off or on the public pages at once."""
    product.is_hidden = not product.is_hidden
    return product_update(product=product, user=user, fields=["is_hidden"])


def product_photo_delete(*, photo, user):
    """Delete one photo of a product (its files too); the next photo becomes the cover if it was."""
    product = photo.product
    with transaction.atomic():
        count = product.photos.count()
        catalog_services.product_delete_photo(photo=photo)
        record_change(
            business=product.business, user=user, subject=ChangeRecord.Subject.PHOTO,
            action=ChangeRecord.Action.DELETE, label=product.name, product=product,
            changes=[_photo_count_change(count, count - 1)],
        )
    return product


def product_photo_make_cover(*, product, photo, user):
    """Make `photo` the product's cover (first photo). None when it already is."""
    if product.cover_id == photo.pk:
        return None
    numbers = {pk: number for number, pk in enumerate(product.photos.values_list("pk", flat=True), start=1)}

    def text(pk):
        return _("foto ke-%(n)s") % {"n": numbers[pk]} if pk in numbers else _("tidak ada")

    with transaction.atomic():
        change = {"field": "cover", "old": product.cover_id, "new": photo.pk,
                  "old_text": text(product.cover_id), "new_text": text(photo.pk)}
        catalog_services.product_set_cover(product=product, photo=photo)
        return record_change(
            business=product.business, user=user, subject=ChangeRecord.Subject.PHOTO,
            action=ChangeRecord.Action.UPDATE, label=product.name, product=product, changes=[change],
        )


def product_delete(*, product, user):
    """Delete a product for good, with its photos; the history keeps its name."""
    with transaction.atomic():
        record = record_change(
            business=product.business, user=user, subject=ChangeRecord.Subject.PRODUCT,
            action=ChangeRecord.Action.DELETE, label=product.name,
        )
        catalog_services.product_delete(product=product)
    return record


