"""Write flows for products. Each takes the columns a product copies from its business, and
rebuilds the counts, through catalog.listing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from catalog.listing import copied_columns, facts_of, refresh_counts
from catalog.models import Product, ProductPhoto
from umkm_portal.images import delete_files_after_commit, process_upload, process_uploads, stored_files
from umkm_portal.slugs import unique_slug

MAX_PRODUCT_PHOTOS = 8


def product_create(*, business, name, category, photos=(), **fields):
    """Create a product of `business` with its photos (already-uploaded files, or images from
    process_uploads): every photo is checked before anything is written."""
    if len(photos) > MAX_PRODUCT_PHOTOS:
        raise ValidationError(too_many_photos_message(len(photos), 0), code="too_many_photos")
    processed = process_uploads(photos)
    with transaction.atomic():
        product = Product(business=business, name=name, category=category, slug=unique_slug(Product, name), **fields)
        for attribute, value in copied_columns(facts_of(business), hidden=product.is_hidden).items():
            setattr(product, attribute, value)
        product.full_clean()
        product.save()
        for position, image in enumerate(processed):
            _save_photo(product, image, position)
        transaction.on_commit(lambda: refresh_counts(regency_codes={product.regency_id}))
    return product


def product_save(*, product):
    """Save a product edited through a form (admin, owner pages): its listing columns are
    copied from its business first, and the counts of its kabupaten/kota rebuilt after the commit."""
    for attribute, value in copied_columns(facts_of(product.business), hidden=product.is_hidden).items():
        setattr(product, attribute, value)
    if not product.slug:
        product.slug = unique_slug(Product, product.name)
    with transaction.atomic():
        product.save()
        transaction.on_commit(lambda: refresh_counts(regency_codes={product.regency_id}))
    return product


def product_add_photo(*, product, upload):
    processed = process_upload(upload)
    with transaction.atomic():
        return _save_photo(product, processed, product.photos.count())


def too_many_photos_message(adding, existing):
    if existing:
        return _(
            "Satu produk paling banyak %(max)s foto. Produk ini sudah punya %(existing)s foto, "
            "jadi Anda bisa menambah %(room)s lagi (Anda memilih %(adding)s)."
        ) % {"max": MAX_PRODUCT_PHOTOS, "existing": existing, "room": max(MAX_PRODUCT_PHOTOS - existing, 0), "adding": adding}
    return _("Satu produk paling banyak %(max)s foto (Anda memilih %(adding)s).") % {"max": MAX_PRODUCT_PHOTOS, "adding": adding}


def product_add_photos(*, product, images):
    """Add `images` (from process_uploads) to `product`, up to MAX_PRODUCT_PHOTOS in all: none is
    added when they do not all fit. The first becomes the cover when there is none."""
    with transaction.atomic():
        # The product row is locked so two uploads at once cannot pass the limit together.
        locked = Product.objects.select_for_update().only("id", "cover").get(pk=product.pk)
        existing = locked.photos.count()
        if existing + len(images) > MAX_PRODUCT_PHOTOS:
            raise ValidationError(too_many_photos_message(len(images), existing), code="too_many_photos")
        product.cover_id = locked.cover_id
        next_position = (locked.photos.aggregate(last=Max("position"))["last"] or 0) + 1 if existing else 0
        return [_save_photo(product, image, next_position + offset) for offset, image in enumerate(images)]


def product_set_cover(*, product, photo):
    """Make `photo` (one of `product`'s) the cover: shown on cards and first on the product page."""
    photos = list(product.photos.all())
    ordered = [photo] + [other for other in photos if other.pk != photo.pk]
    for position, each in enumerate(ordered):
        each.position = position
    with transaction.atomic():
        ProductPhoto.objects.bulk_update(ordered, ["position"])
        product.cover = photo
        product.save(update_fields=["cover", "updated_at"])
    return product


def product_delete_photo(*, photo):
    """Delete a product photo and its files (after the commit). When it was the cover, the next
    photo becomes the cover, or none when it was the last."""
    product = photo.product
    files = stored_files(photo.image, photo.thumb)
    with transaction.atomic():
        photo.delete()
        product_keep_a_cover(product)
        delete_files_after_commit(files)
    return product


def product_keep_a_cover(product):
    """After a photo was deleted: when it was the cover (Product.cover is then empty, or still
    names it in memory), the first remaining photo becomes the cover, or none when there is none."""
    product.refresh_from_db(fields=["cover"])
    if product.cover_id is None:
        first = product.photos.order_by("position", "id").first()
        if first is not None:
            product.cover = first
            product.save(update_fields=["cover", "updated_at"])
    return product


def product_delete(*, product):
    """Delete a product with its photos (their files after the commit), then rebuild the counts
    of its kabupaten/kota."""
    files = [file for photo in product.photos.all() for file in stored_files(photo.image, photo.thumb)]
    regency_code = product.regency_id
    with transaction.atomic():
        product.delete()
        delete_files_after_commit(files)
        transaction.on_commit(lambda: refresh_counts(regency_codes={regency_code}))


def _save_photo(product, processed, position):
    photo = ProductPhoto(product=product, position=position, width=processed.width, height=processed.height)
    photo.image.save(processed.full.name, processed.full, save=False)
    photo.thumb.save(processed.thumb.name, processed.thumb, save=False)
    photo.save()
    if product.cover_id is None:
        product.cover = photo
        product.save(update_fields=["cover"])
    return photo
