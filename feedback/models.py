"""What visitors tell the dinas about a listing: a report on a product or a business page
("Laporkan"), sent without an account, read and handled by staff of its kabupaten/kota.

The reporter's contact is personal data: only staff see it (in the admin), never a public page
or a log. The reporter's IP address is not kept, only a keyed hash of it, enough to count their
reports of the last hour (feedback.services.REPORTS_PER_HOUR_PER_IP)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from directory.models import Business


class Report(models.Model):
    class Reason(models.TextChoices):
        WRONG_INFO = "wrong_info", _("Informasi salah")
        FRAUD = "fraud", _("Produk palsu atau penipuan")
        CLOSED = "closed", _("Usaha sudah tutup")
        INAPPROPRIATE = "inappropriate", _("Konten tidak pantas")
        OTHER = "other", _("Lainnya")

    class Status(models.TextChoices):
        NEW = "new", _("Baru")
        HANDLED = "handled", _("Sudah ditangani")

    # Always the business (the report of a product is about its seller too): staff are scoped by its region.
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="reports", verbose_name=_("UMKM"))
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports", verbose_name=_("produk")
    )
    reason = models.CharField(_("alasan"), max_length=16, choices=Reason.choices)
    message = models.TextField(_("pesan"), max_length=2000)
    contact = models.CharField(
        _("kontak pelapor"), max_length=120, blank=True, help_text=_("Hanya untuk staf dinas; tidak pernah tampil publik.")
    )
    # HMAC-SHA256 of the reporter's IP address with SECRET_KEY: counts reports per address, reveals none.
    client_key = models.CharField(max_length=64, editable=False)
    # The random token of the form the report came from: sending one form twice stores one report.
    form_token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("dikirim"), default=timezone.now, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    staff_note = models.TextField(_("catatan staf"), blank=True, help_text=_("Apa yang diperiksa dan dilakukan."))
    handled_at = models.DateTimeField(_("ditangani"), null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("ditangani oleh"), editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        indexes = [
            # The report form's throttle: this address's reports of the last hour (feedback.views.report).
            models.Index(fields=["client_key", "created_at"], name="report_client_created"),
            # The report form's throttle per listing, and a business's reports in the admin.
            models.Index(fields=["business", "created_at"], name="report_business_created"),
            # Admin "Laporan": new ones first, newest first.
            models.Index(fields=["status", "created_at"], name="report_status_created"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.product or self.business}"
