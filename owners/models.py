"""What owners do with their listings: claim them, register new ones, and the history of
their edits that staff read and revert."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from directory.models import Business


class ClaimRequest(models.Model):
    """An owner asks staff of the business's kabupaten/kota to confirm them as its owner: either
    for an imported business (CLAIM, when NIB + phone on record did not match), or for a business
    they registered themselves (REGISTRATION, which stays unverified and off public pages until
    approved). Staff approve or reject with a note the owner reads on their home page."""

    class Kind(models.TextChoices):
        CLAIM = "claim", _("Klaim usaha terdaftar")
        REGISTRATION = "registration", _("Pendaftaran usaha baru")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu tinjauan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="claim_requests", verbose_name=_("UMKM"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_requests", verbose_name=_("pemohon"))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.CLAIM)
    # What the owner told staff: how they can be reached and why they are the owner.
    phone = models.CharField(_("telepon pemohon"), max_length=16, blank=True)
    message = models.TextField(_("pesan pemohon"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("diputuskan oleh")
    )
    staff_note = models.TextField(_("catatan staf"), blank=True, help_text=_("Dibaca pemohon di halaman akunnya."))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("permintaan pemilik")
        verbose_name_plural = _("permintaan pemilik")
        constraints = [
            # One open request per owner and business: asking twice only repeats the first.
            models.UniqueConstraint(
                fields=["business", "user"], condition=Q(status="pending"), name="claimrequest_one_pending"
            ),
        ]
        indexes = [
            # Admin queue "Permintaan pemilik": pending first, oldest first, per region via business.
            models.Index(fields=["status", "created_at"], name="claimrequest_status_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.business}"


class ClaimLink(models.Model):
    """A one-time link staff send an owner (by WhatsApp) to take over a business without
    NIB or phone checks. Only the SHA-256 of its token is stored: the link is shown once."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="claim_links", verbose_name=_("UMKM"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("dipakai oleh")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tautan klaim")
        verbose_name_plural = _("tautan klaim")

    def __str__(self):
        return str(self.business)


class FailedClaim(models.Model):
    """An instant claim (NIB + phone) that did not match. The throttle counts these rows, in the
    database, so every app process sees the same count (owners.services.claims)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The claim page's throttle: this user's failures of the last hour (claim_instant_blocked).
            models.Index(fields=["user", "created_at"], name="failedclaim_user_created"),
        ]


class ChangeRecord(models.Model):
    """One owner edit of a listing (or a staff revert of one): which fields went from what to
    what. `changes` is a list of {"field", "old", "new", "old_text", "new_text"}: old/new as
    stored (a foreign key as its id, a date as ISO text), *_text as people read them."""

    class Subject(models.TextChoices):
        BUSINESS = "business", _("Profil usaha")
        CERTIFICATION = "certification", _("Sertifikasi")
        PRODUCT = "product", _("Produk")
        PHOTO = "photo", _("Foto")

    class Action(models.TextChoices):
        CREATE = "create", _("Tambah")
        UPDATE = "update", _("Ubah")
        DELETE = "delete", _("Hapus")
        REVERT = "revert", _("Kembalikan")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="changes", verbose_name=_("UMKM"))
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("produk")
    )
    # What the change was about in words ("Keripik Pisang", "Sertifikat halal"), kept after a delete.
    subject = models.CharField(_("bagian"), max_length=16, choices=Subject.choices)
    subject_label = models.CharField(_("nama"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("perubahan"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("oleh")
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    revert_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("mengembalikan")
    )
    reverted_at = models.DateTimeField(_("dikembalikan"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("dikembalikan oleh")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = _("riwayat perubahan")
        indexes = [
            # Admin "Riwayat perubahan" of one business (list filtered by business, newest first).
            models.Index(fields=["business", "-created_at"], name="changerecord_business_newest"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.get_subject_display().lower()}: {self.subject_label}"

    @property
    def is_revertible(self):
        """Field edits of the profile, a product or a certificate can be undone; photos, new and
        deleted products cannot (their files are gone or were never there before)."""
        return (
            self.reverted_at is None
            and self.action in (self.Action.UPDATE, self.Action.REVERT)
            and self.subject in (self.Subject.BUSINESS, self.Subject.PRODUCT, self.Subject.CERTIFICATION)
            and (self.subject != self.Subject.PRODUCT or self.product_id is not None)
        )
