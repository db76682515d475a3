"""Owners taking over a business the registry holds: an instant claim with NIB and phone, a
request that staff decide, or a one-time link staff send."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Business, BusinessPrivate, Ownership
from directory.phones import normalize_phone
from directory.services import business_set_status
from owners.models import ClaimLink, ClaimRequest, FailedClaim

CLAIM_LINK_DAYS = 7

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


def _failure_window_start():
    return timezone.now() - datetime.timedelta(seconds=CLAIM_FAILURE_WINDOW_SECONDS)


def claim_instant_blocked(user):
    """Whether `user` has used up this hour's failed instant claims (CLAIM_FAILURES_PER_HOUR).
    Counted in the database: with several app processes, a per-process count would allow each its own five."""
    return FailedClaim.objects.filter(user=user, created_at__gt=_failure_window_start()).count() >= CLAIM_FAILURES_PER_HOUR


def _count_claim_failure(user, business):
    # Failures from before the hour count no more: drop everyone's as the new one goes in, so the
    # table holds little more than the last hour of failures (the privacy page says so).
    FailedClaim.objects.filter(created_at__lte=_failure_window_start()).delete()
    FailedClaim.objects.create(user=user, business=business)


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
        _count_claim_failure(user, business)
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


