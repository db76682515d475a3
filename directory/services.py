"""Write flows for businesses. Every change of what the public sees of a business (its
name, status, region, scale, certificates) ends with notify_listing_changed: after the commit, the
catalog copies the new facts onto the business's products and recounts (catalog.listing)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Business, BusinessPhoto, BusinessPrivate, Certification
from directory.phones import normalize_phone
from directory.signals import listing_changed
from umkm_portal.batches import chunked
from umkm_portal.images import delete_files_after_commit, process_upload, stored_files
from umkm_portal.slugs import unique_slug


def notify_listing_changed(*, business_ids, regency_codes=()):
    """After the commit, tell the apps that copy businesses' public facts (the catalog) that
    these businesses' facts changed; `regency_codes` adds kabupaten/kota whose counts change
    besides the businesses' own (where one was before a move). Every writer of a business's
    name, status, region, scale or certificates calls it once per write, with all it touched."""
    business_ids, regency_codes = frozenset(business_ids), frozenset(regency_codes)
    transaction.on_commit(
        lambda: listing_changed.send(sender=Business, business_ids=business_ids, regency_codes=regency_codes)
    )


def business_create(*, name, regency, private=None, certifications=(), **fields):
    """Create a business (and its private record and certificates) in one transaction."""
    if fields.get("whatsapp"):
        fields["whatsapp"] = normalize_phone(fields["whatsapp"])
    if "nib" in fields:
        # No NIB is NULL, not "": the unique constraint lets any number of businesses have none.
        fields["nib"] = (fields["nib"] or "").strip() or None
    with transaction.atomic():
        business = Business(name=name, regency=regency, slug=unique_slug(Business, name), **fields)
        business.full_clean()
        business.save()
        if private:
            record = BusinessPrivate(business=business, **private)
            record.full_clean()
            record.save()
        for certificate in certifications:
            Certification.objects.create(business=business, **certificate)
        notify_listing_changed(business_ids=[business.pk])
    return business


def business_set_status(*, business, status, verified_on=None):
    """Make `business` active (verified today, or on `verified_on`), inactive or unverified."""
    business.status = status
    if status == Business.Status.ACTIVE:
        business.verified_on = verified_on or datetime.date.today()
    business.save(update_fields=["status", "verified_on", "updated_at"])
    notify_listing_changed(business_ids=[business.pk])
    return business


def businesses_set_status(*, businesses, status, verified_on=None):
    """business_set_status for many (a queryset): one UPDATE, and the catalog recounts each
    kabupaten/kota touched once. Returns how many businesses there were."""
    ids = list(businesses.order_by().values_list("pk", flat=True))
    fields = {"status": status, "updated_at": timezone.now()}
    if status == Business.Status.ACTIVE:
        fields["verified_on"] = verified_on or datetime.date.today()
    with transaction.atomic():
        for chunk in chunked(ids):
            Business.objects.filter(pk__in=chunk).update(**fields)
        notify_listing_changed(business_ids=ids)
    return len(ids)


# Photos a business shows besides its logo: enough for a shop front, a workshop and products.
BUSINESS_PHOTO_LIMIT = 8


def business_add_photo(*, business, upload, caption=""):
    """One uploaded file as a photo of `business` (checked and resized by process_upload)."""
    return business_add_photo_images(business=business, images=[process_upload(upload)], caption=caption)[0]


def business_add_photo_images(*, business, images, caption=""):
    """Save images already made by process_upload as photos of `business`: all of them or,
    when they would take it past BUSINESS_PHOTO_LIMIT, none (ValidationError)."""
    with transaction.atomic():
        # Lock the business row: two uploads at once must not both pass the limit.
        list(Business.objects.select_for_update().filter(pk=business.pk).values_list("pk"))
        stored = business.photos.aggregate(count=Count("id"), last=Max("position"))
        if stored["count"] + len(images) > BUSINESS_PHOTO_LIMIT:
            raise ValidationError(
                _("Paling banyak %(limit)s foto per usaha. Sudah ada %(count)s foto; hapus foto lama dulu bila ingin menambah.")
                % {"limit": BUSINESS_PHOTO_LIMIT, "count": stored["count"]},
                code="photo_limit",
            )
        next_position = 0 if stored["last"] is None else stored["last"] + 1
        photos = []
        for offset, image in enumerate(images):
            photo = BusinessPhoto(business=business, caption=caption, position=next_position + offset)
            photo.image.save(image.full.name, image.full, save=False)
            photo.thumb.save(image.thumb.name, image.thumb, save=False)
            photo.save()
            photos.append(photo)
    return photos


def business_photo_delete(*, photo):
    """Delete a photo, and its files once the deletion is committed (a rollback keeps both)."""
    files = stored_files(photo.image, photo.thumb)
    with transaction.atomic():
        photo.delete()
        delete_files_after_commit(files)


def business_set_logo(*, business, upload):
    return business_set_logo_image(business=business, image=process_upload(upload))


def business_set_logo_image(*, business, image):
    """Give `business` the logo made by process_upload; the files of the logo it replaces
    are deleted after the commit."""
    replaced = stored_files(business.logo, business.logo_thumb)
    with transaction.atomic():
        business.logo.save(image.full.name, image.full, save=False)
        business.logo_thumb.save(image.thumb.name, image.thumb, save=False)
        business.save(update_fields=["logo", "logo_thumb", "updated_at"])
        delete_files_after_commit(replaced)
    return business
