"""Write flows of the owner pages: claiming a listing, registering a new one, editing it
with a history staff can read and revert.

Every edit of a listing goes through `save_with_history` (or a flow built on it), so the
history is complete whichever page made the change."""

import datetime
import hashlib
import re
import secrets
import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateField, Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalog import services as catalog_services
from catalog.services import product_save
from directory.models import Business, BusinessPrivate, Certification, Ownership, TurnoverReport
from directory.names import name_key
from directory.phones import normalize_phone
from directory.services import (
    business_add_photo_images, business_create, business_photo_delete, business_set_logo_image, business_set_status,
    notify_listing_changed,
)
from owners.models import ChangeRecord, ClaimLink, ClaimRequest
from umkm_portal.images import process_uploads

# The business fields an owner edits (owners.forms), tracked in the history.
BUSINESS_FIELDS = [
    "name", "description", "business_type", "main_products", "founded_year", "workers",
    "address", "district", "village", "postal_code",
    "whatsapp", "email", "sales_channels", *Business.MARKETPLACE_FIELDS, *Business.SOCIAL_FIELDS,
]
# Fields whose change must be copied onto the business's products (catalog.listing.copied_columns).
LISTING_FIELDS = {"district", "regency", "scale", "status"}
PRODUCT_FIELDS = [
    "name", "description", "category", "price_min", "price_max", "unit", "min_order", "is_available", "is_hidden",
]
# Owner-edited product fields the listing columns and facet counts depend on (catalog.services.product_save).
FACET_FIELDS = {"category", "is_hidden"}
CLAIM_LINK_DAYS = 7


# ---------------------------------------------------------------------------- history


def _stored(value):
    """A model value as JSON can keep it."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _text(instance, field_name, value):
    """`value` of `field_name` as people read it: the related object's name, a choice's label."""
    field = instance._meta.get_field(field_name)
    if value in (None, ""):
        return ""
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return str(value)


def save_with_history(instance, *, fields, user, business, subject, product=None, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """Save `instance` (already changed in memory, e.g. by a ModelForm) and record which of
    `fields` changed against the stored row. Returns the ChangeRecord, or None when nothing
    changed (and then nothing is written). Call inside a transaction."""
    model = type(instance)
    attnames = {name: model._meta.get_field(name).attname for name in fields}
    stored = model.objects.filter(pk=instance.pk).values(*attnames.values()).get()
    changes = []
    for name, attname in attnames.items():
        old, new = stored[attname], getattr(instance, attname)
        if _stored(old) != _stored(new):
            changes.append({
                "field": name, "old": _stored(old), "new": _stored(new),
                "old_text": _text(instance, name, old), "new_text": _text(instance, name, new),
            })
    if not changes:
        return None
    update_fields = [change["field"] for change in changes]
    if any(f.name == "updated_at" for f in model._meta.fields):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return ChangeRecord.objects.create(
        business=business, product=product, subject=subject, subject_label=str(instance)[:200],
        action=action, changes=changes, user=user, revert_of=revert_of,
    )


def record_change(*, business, user, subject, action, label, changes=(), product=None):
    """A history entry for a change that is not a field edit (a photo added, a product deleted)."""
    return ChangeRecord.objects.create(
        business=business, product=product, subject=subject, subject_label=str(label)[:200],
        action=action, changes=list(changes), user=user,
    )


def business_update(*, business, user, fields=BUSINESS_FIELDS, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """Save an owner's edit of `business`: live at once, kept in the history. The business's
    products get its new region/certification columns when those changed."""
    business.full_clean()  # runs Business.clean too: the +62 WhatsApp form, the KBLI sector
    with transaction.atomic():
        record = save_with_history(
            business, fields=fields, user=user, business=business, subject=ChangeRecord.Subject.BUSINESS,
            action=action, revert_of=revert_of,
        )
        if record and LISTING_FIELDS & {change["field"] for change in record.changes}:
            notify_listing_changed(business_ids=[business.pk])
    return record


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
            product_save(product=product)
    return record


def _certificate_state(certificate):
    if certificate is None:
        return None
    return {"number": certificate.number, "expires_on": _stored(certificate.expires_on)}


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
        old = _certificate_state(current)
        if remove:
            if current is None:
                return None
            current.delete()
            new = None
        else:
            certificate = current or Certification(business=business, kind=kind)
            certificate.number, certificate.expires_on = number, expires_on
            certificate.full_clean()
            new = _certificate_state(certificate)
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


def _current_values(record, *, lock=False):
    """What the fields `record` changed hold now, in the form record.changes keeps them (a
    certificate as its number and expiry). Returns (the business or product, None for a
    certificate; {field: value now}). lock=True locks the rows until the transaction ends."""
    fields = [change["field"] for change in record.changes]
    if record.subject == ChangeRecord.Subject.CERTIFICATION:
        certificates = Certification.objects.filter(business_id=record.business_id, kind__in=fields)
        by_kind = {c.kind: c for c in (certificates.select_for_update() if lock else certificates)}
        return None, {kind: _certificate_state(by_kind.get(kind)) for kind in fields}
    if record.subject == ChangeRecord.Subject.PRODUCT:
        model, pk = ChangeRecord.product.field.related_model, record.product_id
    else:
        model, pk = Business, record.business_id
    instance = (model.objects.select_for_update() if lock else model.objects).get(pk=pk)
    return instance, {name: _stored(getattr(instance, instance._meta.get_field(name).attname)) for name in fields}


def change_fields_changed_since(record):
    """The fields `record` changed that hold another value by now: a revert leaves them as they are."""
    _instance, current = _current_values(record)
    return {change["field"] for change in record.changes if current[change["field"]] != change["new"]}


def change_revert(*, record, user):
    """Undo an edit: every field still holding the value the edit gave it goes back to the
    value before, through the same flows as an owner's edit (a REVERT record, listing columns
    and counts follow). A field changed again since is left as it is and reported.
    Returns (reverted field names, skipped field names). When every field changed again,
    nothing is written and the record stays revertible. Raises ValidationError when the
    record cannot be reverted (already reverted, a photo, a new or deleted product)."""
    with transaction.atomic():
        record = ChangeRecord.objects.select_for_update().get(pk=record.pk)
        if record.reverted_at is not None:
            raise ValidationError(_("Perubahan ini sudah dikembalikan."), code="reverted")
        if not record.is_revertible:
            raise ValidationError(_("Perubahan ini tidak bisa dikembalikan."), code="not_revertible")
        instance, current = _current_values(record, lock=True)
        reverted = [change for change in record.changes if current[change["field"]] == change["new"]]
        skipped = [change["field"] for change in record.changes if current[change["field"]] != change["new"]]
        if not reverted:
            return [], skipped
        if record.subject == ChangeRecord.Subject.CERTIFICATION:
            for change in reverted:
                old = change["old"]
                certification_set(
                    business=record.business, user=user, kind=change["field"], remove=old is None,
                    number=(old or {}).get("number", ""),
                    expires_on=datetime.date.fromisoformat(old["expires_on"]) if old and old["expires_on"] else None,
                    action=ChangeRecord.Action.REVERT, revert_of=record,
                )
        else:
            for change in reverted:
                field = instance._meta.get_field(change["field"])
                old = change["old"]
                if old is not None and isinstance(field, DateField):
                    old = datetime.date.fromisoformat(old)
                setattr(instance, field.attname, old)
            names = [change["field"] for change in reverted]
            if record.subject == ChangeRecord.Subject.PRODUCT:
                product_update(product=instance, user=user, fields=names, action=ChangeRecord.Action.REVERT, revert_of=record)
            else:
                business_update(business=instance, user=user, fields=names, action=ChangeRecord.Action.REVERT, revert_of=record)
        record.reverted_at, record.reverted_by = timezone.now(), user
        record.save(update_fields=["reverted_at", "reverted_by"])
    return [change["field"] for change in reverted], skipped


# ---------------------------------------------------------------------------- claims

# Instant claims (NIB + phone) a user may get wrong in an hour before that form is refused:
# enough for typos, too few to guess someone's phone number.
CLAIM_FAILURES_PER_HOUR = 5
CLAIM_FAILURE_WINDOW_SECONDS = 60 * 60
CLAIM_SEARCH_LIMIT = 20


class ClaimError(ValidationError):
    """A claim that cannot be made, with the reason in Bahasa Indonesia."""


def _own(business, user, via):
    ownership, _created = Ownership.objects.get_or_create(business=business, user=user, defaults={"via": via})
    return ownership


def _close_pending_claims(business, user, note):
    """The user's open CLAIM request for `business` is settled by a claim that needed no staff."""
    ClaimRequest.objects.filter(
        business=business, user=user, kind=ClaimRequest.Kind.CLAIM, status=ClaimRequest.Status.PENDING
    ).update(status=ClaimRequest.Status.APPROVED, decided_at=timezone.now(), staff_note=note)


def claimable_businesses():
    """Imported businesses an owner may find and claim: the listed ones."""
    return Business.objects.listed()


def claimable_search(*, user, name="", regency_code="", nib="", limit=CLAIM_SEARCH_LIMIT):
    """Up to `limit` claimable businesses with this NIB, or whose name contains `name` (compared
    by directory.names.name_key: case, spacing and punctuation ignored), optionally in one
    kabupaten/kota. Each carries `is_owned` (`user` already runs it). One query, with the
    regency and district owners/claims/search.html shows; nothing of BusinessPrivate."""
    businesses = claimable_businesses()
    if nib:
        businesses = businesses.filter(nib=nib)
    else:
        businesses = businesses.filter(name_key__contains=name_key(name))
        if regency_code:
            businesses = businesses.filter(regency_id=regency_code)
    return (
        businesses.select_related("regency", "district")
        .annotate(is_owned=Exists(Ownership.objects.filter(business=OuterRef("pk"), user=user)))
        .order_by("name", "pk")[:limit]
    )


def _claim_failures_key(user):
    return f"owners:claim-failures:{user.pk}"


def claim_instant_blocked(user):
    """Whether `user` has used up this hour's failed instant claims (CLAIM_FAILURES_PER_HOUR)."""
    return cache.get(_claim_failures_key(user), 0) >= CLAIM_FAILURES_PER_HOUR


def _count_claim_failure(user):
    key = _claim_failures_key(user)
    # The hour runs from the first failure: add() starts the count, incr() keeps its expiry.
    if not cache.add(key, 1, CLAIM_FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # the hour ended between add() and incr()
            cache.add(key, 1, CLAIM_FAILURE_WINDOW_SECONDS)


def claim_by_nib_and_phone(*, business, user, nib, phone):
    """Instant claim: the NIB and one of the owner phones on record must both match.
    Raises ClaimError: the same message whichever did not match, so neither can be probed
    alone; after CLAIM_FAILURES_PER_HOUR failures in an hour, refused without checking."""
    if claim_instant_blocked(user):
        raise ClaimError(
            _("Terlalu banyak percobaan yang tidak cocok. Ajukan permintaan klaim di bawah agar staf dinas "
              "memeriksanya, atau coba lagi satu jam lagi."),
            code="throttled",
        )
    nib = "".join(ch for ch in str(nib) if ch.isdigit())
    try:
        phone = normalize_phone(phone)
    except ValidationError:
        phone = ""
    private = BusinessPrivate.objects.filter(business=business).first()
    phones = {private.owner_phone, private.owner_phone2} - {""} if private else set()
    if not (business.nib and nib == business.nib and phone and phone in phones):
        _count_claim_failure(user)
        raise ClaimError(
            _("NIB dan nomor telepon tidak cocok dengan data dinas untuk usaha ini. "
              "Periksa lagi, atau ajukan permintaan klaim agar staf dinas memeriksanya."),
            code="mismatch",
        )
    with transaction.atomic():
        ownership = _own(business, user, Ownership.Via.NIB_PHONE)
        _close_pending_claims(business, user, _("Terverifikasi otomatis: NIB dan telepon cocok."))
    return ownership


def claim_request_create(*, business, user, phone="", message=""):
    """Ask staff of the business's region to confirm `user` as its owner (one open request per
    owner and business: a second ask returns the first)."""
    if Ownership.objects.filter(business=business, user=user).exists():
        raise ClaimError(_("Anda sudah terdaftar sebagai pemilik usaha ini."), code="already_owner")
    phone = normalize_phone(phone) if phone else ""
    existing = ClaimRequest.objects.filter(business=business, user=user, status=ClaimRequest.Status.PENDING).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return ClaimRequest.objects.create(
                business=business, user=user, kind=ClaimRequest.Kind.CLAIM, phone=phone, message=message
            )
    except IntegrityError:  # the same request sent twice at once
        return ClaimRequest.objects.get(business=business, user=user, status=ClaimRequest.Status.PENDING)


def claim_request_decide(*, claim, staff, approve, note=""):
    """Approve (the requester becomes an owner; a registered business becomes active and public)
    or reject (a registered business stays off public pages), with a note the requester reads."""
    with transaction.atomic():
        claim = ClaimRequest.objects.select_for_update().select_related("business").get(pk=claim.pk)
        if claim.status != ClaimRequest.Status.PENDING:
            raise ClaimError(_("Permintaan ini sudah diputuskan."), code="decided")
        claim.status = ClaimRequest.Status.APPROVED if approve else ClaimRequest.Status.REJECTED
        claim.decided_at, claim.decided_by, claim.staff_note = timezone.now(), staff, note
        claim.save(update_fields=["status", "decided_at", "decided_by", "staff_note"])
        if claim.kind == ClaimRequest.Kind.REGISTRATION:
            business_set_status(
                business=claim.business, status=Business.Status.ACTIVE if approve else Business.Status.INACTIVE
            )
        elif approve:
            _own(claim.business, claim.user, Ownership.Via.REQUEST)
    return claim


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def claim_link_create(*, business, staff, days=CLAIM_LINK_DAYS):
    """A one-time claim link for `business`. Returns (ClaimLink, token): the token is in the
    URL and stored only as its hash, so it can be shown this once."""
    token = secrets.token_urlsafe(24)
    link = ClaimLink.objects.create(
        business=business, token_hash=_token_hash(token), created_by=staff,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return link, token


def _usable_link(links, token):
    link = links.filter(token_hash=_token_hash(token)).first()
    if link is None:
        raise ClaimError(_("Tautan klaim ini tidak dikenal. Minta tautan baru ke dinas."), code="unknown")
    if link.used_at is not None:
        raise ClaimError(_("Tautan klaim ini sudah dipakai. Minta tautan baru ke dinas."), code="used")
    if link.expires_at <= timezone.now():
        raise ClaimError(_("Tautan klaim ini sudah kedaluwarsa. Minta tautan baru ke dinas."), code="expired")
    return link


def claim_link_check(token):
    """The usable ClaimLink of `token`, with its business and kabupaten/kota. Raises ClaimError
    (code "unknown", "used" or "expired") otherwise."""
    return _usable_link(ClaimLink.objects.select_related("business", "business__regency"), token)


def claim_link_use(*, token, user):
    """Make `user` an owner of the link's business and spend the link. Raises ClaimError as
    claim_link_check does."""
    with transaction.atomic():
        link = _usable_link(ClaimLink.objects.select_for_update(), token)
        link.used_at, link.used_by = timezone.now(), user
        link.save(update_fields=["used_at", "used_by"])
        ownership = _own(link.business, user, Ownership.Via.LINK)
        _close_pending_claims(link.business, user, _("Terverifikasi lewat tautan klaim dari dinas."))
    return ownership


# ---------------------------------------------------------------------------- registration


def business_register(*, user, name, regency, message="", **fields):
    """A business not in the registry, registered by its owner: unverified (off public pages)
    until staff of its region approve the REGISTRATION request made with it."""
    with transaction.atomic():
        business = business_create(name=name, regency=regency, status=Business.Status.UNVERIFIED, **fields)
        Ownership.objects.create(business=business, user=user, via=Ownership.Via.REGISTRATION)
        ClaimRequest.objects.create(
            business=business, user=user, kind=ClaimRequest.Kind.REGISTRATION,
            phone=business.whatsapp, message=message,
        )
    return business



# ---------------------------------------------------------------------------- listing


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


# ---------------------------------------------------------------------------- products


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
            {"field": name, "old": None, "new": _stored(value), "old_text": "", "new_text": _text(product, name, value)}
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


# ---------------------------------------------------------------------------- turnover

# Owners report the current month and the months before it, back this many years.
TURNOVER_YEARS_BACK = 5
# Monthly omzet above this is a typing slip (an extra 000): a menengah business sells at most
# Rp 50 miliar a year (PP 7/2021).
TURNOVER_MAX_OMZET = 1_000_000_000_000


def month_shift(month, months):
    """The first of the month `months` after (negative: before) the month of `month`."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_label(month):
    """"Oktober 2026" in the active language."""
    return date_format(month, "F Y")


def turnover_months(business, *, today=None):
    """(earliest, latest) month an owner may report for `business`: from 5 years back, or
    January of its founding year when later, up to the current month (first days of months)."""
    latest = (today or timezone.localdate()).replace(day=1)
    earliest = month_shift(latest, -12 * TURNOVER_YEARS_BACK)
    if business.founded_year and business.founded_year > earliest.year:
        earliest = datetime.date(business.founded_year, 1, 1)
    return earliest, latest


def turnover_month_error(business, month, *, today=None):
    """Why `month` cannot be reported for `business`, or None when it can."""
    latest = (today or timezone.localdate()).replace(day=1)
    earliest_allowed = month_shift(latest, -12 * TURNOVER_YEARS_BACK)
    if month > latest:
        return _("%(month)s belum tiba: laporkan bulan ini atau bulan yang sudah lewat.") % {"month": month_label(month)}
    if business.founded_year and month.year < business.founded_year:
        return _("%(month)s sebelum usaha ini berdiri (tahun %(year)s).") % {
            "month": month_label(month), "year": business.founded_year,
        }
    if month < earliest_allowed:
        return _("Laporan omzet hanya untuk %(years)s tahun terakhir: paling lama %(month)s.") % {
            "years": TURNOVER_YEARS_BACK, "month": month_label(earliest_allowed),
        }
    return None


_RUPIAH_PREFIX = re.compile(r"^(rp\.?|idr)\s*")
_RUPIAH_UNITS = {"rb": 10**3, "ribu": 10**3, "jt": 10**6, "juta": 10**6, "miliar": 10**9, "milyar": 10**9}
_RUPIAH_NUMBER = re.compile(r"(?P<number>[\d.,]+)(?P<unit>%s)?" % "|".join(_RUPIAH_UNITS))


def parse_rupiah(text):
    """A whole Rupiah amount as people write it, or None when `text` is not one:
    "15000000", "15.000.000", "Rp 15.000.000", "Rp15.000.000,00", "15,000,000", "15 juta", "1,5 jt"."""
    compact = _RUPIAH_PREFIX.sub("", str(text).strip().lower()).replace(" ", "")
    match = _RUPIAH_NUMBER.fullmatch(compact)
    if not match:
        return None
    number = match["number"]
    if re.fullmatch(r"\d+(,\d{1,2})?", number) or re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", number):
        amount = Decimal(number.replace(".", "").replace(",", "."))  # Indonesian: 15.000.000,50
    elif re.fullmatch(r"\d{1,3}(,\d{3})+", number):
        amount = Decimal(number.replace(",", ""))  # English: 15,000,000
    else:
        return None
    amount *= _RUPIAH_UNITS.get(match["unit"] or "", 1)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def turnover_report_save(*, business, month, omzet, transactions=None, workers=None, today=None):
    """Store an owner's omzet of `month` (a first of month) for `business`; a month reported
    before is updated (one report per business and month). Raises ValidationError (by field)
    for a month that cannot be reported or a value out of range. Returns (report, created)."""
    error = turnover_month_error(business, month, today=today)
    if error:
        raise ValidationError({"month": error})
    if omzet > TURNOVER_MAX_OMZET:
        raise ValidationError({"omzet": _("Omzet sebulan lebih dari Rp 1 triliun: periksa jumlah angka nolnya.")})
    report = TurnoverReport(business=business, month=month, omzet=omzet, transactions=transactions, workers=workers)
    report.full_clean(validate_unique=False, validate_constraints=False)  # the unique month is the update below
    with transaction.atomic():
        return TurnoverReport.objects.update_or_create(
            business=business, month=month,
            defaults={"omzet": omzet, "transactions": transactions, "workers": workers},
        )


def _median(values):
    return statistics.median(values) if values else None


def turnover_summary(*, scope, month):
    """The staff summary of one month: per kabupaten/kota of `scope` (a directory.staff.StaffScope),
    how many businesses reported, their total and median omzet and median workers; and the
    same over the whole scope. Returns (rows, total), each row a dict with regency_code,
    regency_name, reported, total_omzet, median_omzet, median_workers.

    Two queries: the scope's regions, then (region, omzet, workers) of the month's reports.
    Medians are taken in Python (statistics.median), the same on SQLite and PostgreSQL; the
    rows are three numbers per report, so even 100,000 reports a month stay a few MB. Far past
    that, PostgreSQL's percentile_cont(0.5) WITHIN GROUP (ORDER BY omzet) would do it in the database."""
    regencies = list(scope.regencies().values_list("code", "name"))
    omzets, workers = defaultdict(list), defaultdict(list)
    reports = TurnoverReport.objects.filter(month=month, business__regency__in=[code for code, _name in regencies])
    for regency, omzet, worker_count in reports.order_by().values_list("business__regency", "omzet", "workers"):
        omzets[regency].append(omzet)
        if worker_count is not None:
            workers[regency].append(worker_count)

    def summary(omzet_values, worker_values):
        median_omzet = _median(omzet_values)
        return {
            "reported": len(omzet_values),
            "total_omzet": sum(omzet_values),
            # Half a Rupiah (the median of an even count) is rounded; half a worker is kept.
            "median_omzet": None if median_omzet is None else int(Decimal(median_omzet).quantize(Decimal(1), ROUND_HALF_UP)),
            "median_workers": _median(worker_values),
        }

    rows = [
        {"regency_code": code, "regency_name": name, **summary(omzets[code], workers[code])}
        for code, name in regencies
    ]
    total = summary(
        [value for values in omzets.values() for value in values],
        [value for values in workers.values() for value in values],
    )
    return rows, total
