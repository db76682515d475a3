"""Write flows for businesses. Every change that affects what the public sees
ends with catalog.services.sync_business_listing, after the commit."""

import datetime

from django.db import transaction

from catalog.services import sync_business_listing
from directory.models import Business, BusinessPhoto, BusinessPrivate, Certification
from directory.phones import normalize_phone
from umkm_portal.images import process_upload
from umkm_portal.slugs import unique_slug


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
        transaction.on_commit(lambda: sync_business_listing(business))
    return business


def business_set_status(*, business, status, verified_on=None):
    business.status = status
    if status == Business.Status.ACTIVE:
        business.verified_on = verified_on or datetime.date.today()
    business.save(update_fields=["status", "verified_on", "updated_at"])
    transaction.on_commit(lambda: sync_business_listing(business))
    return business


def business_add_photo(*, business, upload, caption=""):
    processed = process_upload(upload)
    position = business.photos.count()
    return BusinessPhoto.objects.create(
        business=business, image=processed.full, thumb=processed.thumb, caption=caption, position=position
    )


def business_set_logo(*, business, upload):
    processed = process_upload(upload)
    business.logo.save(processed.full.name, processed.full, save=False)
    business.logo_thumb.save(processed.thumb.name, processed.thumb, save=False)
    business.save(update_fields=["logo", "logo_thumb", "updated_at"])
    return business
