"""Owners editing their business: profile and contact fields, certificates, photos and logo.
Live at once; each edit is kept in the history (owners.services.history)."""

from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Business, BusinessPrivate, Certification
from directory.services import (
    business_add_photo_images,
    business_photo_delete,
    business_set_logo_image,
    notify_listing_changed,
)
from owners.models import ChangeRecord
from owners.services.history import record_change, save_with_history, stored_value

# The business fields an owner edits (owners.forms), tracked in the history.
BUSINESS_FIELDS = [
    "name", "description", "business_type", "main_products", "founded_year", "workers",
    "address", "district", "village", "postal_code",
    "whatsapp", "email", "sales_channels", *Business.MARKETPLACE_FIELDS, *Business.SOCIAL_FIELDS,
]
# Fields whose change must be copied onto the business's products (catalog.listing.copied_columns;
# the name: products are found by their seller's name).
LISTING_FIELDS = {"name", "district", "regency", "scale", "status"}


def business_update(*, business, user, fields=BUSINESS_FIELDS, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """Save an owner's edit of `business`: live at once, kept in the history. The business's
    products get its new name and region columns when those changed."""
    business.full_clean()  # runs Business.clean too: the +62 WhatsApp form, the KBLI sector
    with transaction.atomic():
        record = save_with_history(
            business, fields=fields, user=user, business=business, subject=ChangeRecord.Subject.BUSINESS,
            action=action, revert_of=revert_of,
        )
        if record and LISTING_FIELDS & {change["field"] for change in record.changes}:
            notify_listing_changed(business_ids=[business.pk])
    return record


def business_location_set(*, business, user, location, public):
    """The owner's map location (an umkm_portal.coordinates.Location, or None to remove it) and
    whether the public page shows it. The coordinates are personal data, kept with the private
    data (BusinessPrivate) and not copied into the history; the choice to publish is.
    Returns whether anything changed."""
    latitude, longitude = (location.latitude, location.longitude) if location else (None, None)
    with transaction.atomic():
        private = BusinessPrivate.objects.select_for_update().filter(business=business).first()
        moved = private is None and location is not None or private is not None and (
            (private.latitude, private.longitude) != (latitude, longitude)
        )
        if moved:
            if private is None:
                BusinessPrivate.objects.create(business=business, latitude=latitude, longitude=longitude)
            else:
                private.latitude, private.longitude = latitude, longitude
                private.save(update_fields=["latitude", "longitude"])
        business.location_public = public and location is not None
        record = save_with_history(
            business, fields=["location_public"], user=user, business=business, subject=ChangeRecord.Subject.BUSINESS,
        )
    return bool(moved or record)


def certificate_state(certificate):
    if certificate is None:
        return None
    return {"number": certificate.number, "expires_on": stored_value(certificate.expires_on)}


def _certificate_text(state):
    if state is None:
        return _("tidak ada")
    parts = [state["number"] or _("(tanpa nomor)")]
    parts.append(_("berlaku sampai %(date)s") % {"date": state["expires_on"]} if state["expires_on"] else _("seumur hidup"))
    return ", ".join(parts)


def certification_set(*, business, user, kind, number="", expires_on=None, remove=False, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """Add, change or remove (remove=True) the certificate of one kind, with a history entry.
    Products' certification flags follow after the commit."""
    with transaction.atomic():
        record = _certificate_write(
            business=business, user=user, kind=kind, number=number, expires_on=expires_on, remove=remove,
            action=action, revert_of=revert_of,
        )
        if record:
            notify_listing_changed(business_ids=[business.pk])
    return record


def certifications_set(*, business, user, certificates):
    """The owner's certificates page: {kind: (number, expires_on), or None to remove it}, written
    together with a history entry per changed kind, and the products' flags synced once."""
    with transaction.atomic():
        records = [
            _certificate_write(
                business=business, user=user, kind=kind, remove=wanted is None,
                number=wanted[0] if wanted else "", expires_on=wanted[1] if wanted else None,
            )
            for kind, wanted in certificates.items()
        ]
        records = [record for record in records if record]
        if records:
            notify_listing_changed(business_ids=[business.pk])
    return records


def _certificate_write(*, business, user, kind, number, expires_on, remove, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """certification_set without the listing sync (the callers sync once)."""
    with transaction.atomic():
        current = Certification.objects.filter(business=business, kind=kind).first()
        old = certificate_state(current)
        if remove:
            if current is None:
                return None
            current.delete()
            new = None
        else:
            certificate = current or Certification(business=business, kind=kind)
            certificate.number, certificate.expires_on = number, expires_on
            certificate.full_clean()
            new = certificate_state(certificate)
            if new == old:
                return None
            certificate.save()
        label = Certification.Kind(kind).label
        record = ChangeRecord.objects.create(
            business=business, subject=ChangeRecord.Subject.CERTIFICATION, subject_label=label, action=action,
            changes=[{"field": kind, "old": old, "new": new, "old_text": _certificate_text(old), "new_text": _certificate_text(new)}],
            user=user, revert_of=revert_of,
        )
    return record


def _photo_change(old, new):
    return {"field": "photo", "old": old, "new": new, "old_text": old or "", "new_text": new or ""}


def listing_photos_add(*, business, user, images):
    """Add photos (images made by umkm_portal.images.process_upload) to an owner's business,
    all or none, with one history entry naming the new files."""
    with transaction.atomic():
        photos = business_add_photo_images(business=business, images=images)
        record_change(
            business=business, user=user, subject=ChangeRecord.Subject.PHOTO, action=ChangeRecord.Action.CREATE,
            label=_("Foto usaha"), changes=[_photo_change(None, photo.image.name) for photo in photos],
        )
    return photos


def listing_photo_delete(*, business, user, photo):
    """Delete one photo of an owner's business (its files go after the commit), with a history entry."""
    with transaction.atomic():
        record_change(
            business=business, user=user, subject=ChangeRecord.Subject.PHOTO, action=ChangeRecord.Action.DELETE,
            label=_("Foto usaha"), changes=[_photo_change(photo.image.name, None)],
        )
        business_photo_delete(photo=photo)


def listing_logo_set(*, business, user, image):
    """Give an owner's business a new logo (the old files go after the commit), with a history entry."""
    old_name = business.logo.name or None
    with transaction.atomic():
        business_set_logo_image(business=business, image=image)
        record_change(
            business=business, user=user, subject=ChangeRecord.Subject.PHOTO,
            action=ChangeRecord.Action.UPDATE if old_name else ChangeRecord.Action.CREATE,
            label=_("Logo"), changes=[{**_photo_change(old_name, business.logo.name), "field": "logo"}],
        )
    return business


