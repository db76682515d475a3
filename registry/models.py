"""Imports of dinas registry spreadsheets, kept as a record: who brought which file in,
what it held, and which businesses and products it created or changed.

Everything an import needs between its steps lives in these rows (the uploaded file,
the cleaned records, the problems found), so the upload, the preview, the confirmation
and the background worker may each run in a different process."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", _("Data UMKM")
        PRODUCT = "product", _("Produk")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu dibaca")
        READING = "reading", _("Sedang dibaca")
        PREVIEWED = "previewed", _("Siap dikonfirmasi")
        CONFIRMED = "confirmed", _("Menunggu disimpan")
        SAVING = "saving", _("Sedang disimpan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")

    ACTIVE_STATUSES = (Status.QUEUED, Status.READING, Status.CONFIRMED, Status.SAVING)

    kind = models.CharField(_("jenis data"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs", verbose_name=_("diunggah oleh")
    )
    created_at = models.DateTimeField(_("diunggah"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    # For files without a kabupaten/kota column (a kabupaten's own list): every row is in it.
    default_regency = models.ForeignKey(
        "regions.Regency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kabupaten/kota berkas"),
    )
    # The date of the file's data as staff gave it at upload, for rows without their own
    # TANGGAL PENDATAAN; unknown when not given (Business.recorded_on stays empty).
    recorded_on = models.DateField(_("tanggal data berkas"), null=True, blank=True)
    # A file for one kecamatan or one desa: its empty kecamatan/desa cells are these (registry.records.RowCleaner).
    default_district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kecamatan berkas"),
    )
    default_village = models.ForeignKey(
        "regions.Village", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("desa/kelurahan berkas"),
    )
    # "Palembang" in the kecamatan column of a Kota Palembang list means the kecamatan is not given.
    regency_name_is_blank = models.BooleanField(
        _("nama kabupaten/kota di kolom kecamatan berarti kosong"), default=False,
    )
    filename = models.CharField(_("nama berkas"), max_length=255)
    file_size = models.PositiveIntegerField(_("ukuran (byte)"))
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The upload itself, until the import is done or cancelled; then emptied (it holds NIKs).
    file_data = models.BinaryField(null=True, editable=False)
    # The cleaned records of the rows that will be written (zlib-compressed JSON lines).
    staged = models.BinaryField(null=True, editable=False)

    # The main sheet read (its columns are `columns`); every sheet of the file, read or not and
    # why, is in `sheets` (registry.headers.sheet_summary), and those staff left out in
    # `excluded_sheets` (names; the next reading skips them).
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    sheets = models.JSONField(_("sheet"), default=list, blank=True)
    excluded_sheets = models.JSONField(_("sheet yang dikecualikan"), default=list, blank=True)
    header_rows = models.JSONField(_("baris judul kolom"), default=list, blank=True)
    columns = models.JSONField(_("kolom"), default=list, blank=True)
    skipped_rows = models.JSONField(_("baris dilewati"), default=dict, blank=True)
    counts = models.JSONField(_("jumlah"), default=dict, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    # Staff's choice of field per column, applied when the file is read again (registry.mappings):
    # {"fields": {"<column index>": "<field>" or "" (ignored)}, "name_parts": [column indexes]}.
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    # The saved format whose mapping was applied to this file's columns, if one was.
    applied_format = models.ForeignKey(
        "registry.ImportFormat", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("format dipakai"),
    )

    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)

    # Written by the worker as it reads or saves (registry.services): a job in READING or SAVING
    # whose heartbeat is older than IMPORT_STALE_AFTER lost its worker and is marked failed.
    heartbeat_at = models.DateTimeField(_("terakhir aktif"), null=True, blank=True, editable=False)
    # Runs the worker started (reads and saves); a run's number fences its writes, so a run that
    # was given up for dead and retried cannot write over the retry.
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0, editable=False)
    # When purge_imports emptied the problem rows, the file and the staged records (personal data).
    purged_at = models.DateTimeField(_("data pribadi dihapus"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor registri")
        verbose_name_plural = _("impor registri")
        indexes = [
            # Import history in the admin: a staff member's own imports, newest first.
            models.Index(fields=["created_by", "-created_at"], name="importjob_user_newest"),
            # The stale sweep (import page, worker, purge_imports): running jobs by heartbeat.
            models.Index(
                fields=["heartbeat_at"], name="importjob_running_heartbeat",
                condition=Q(status__in=["reading", "saving"]),
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%d-%m-%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("admin:registry_importjob_change", args=[self.pk])

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def progress_percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class ImportProblem(models.Model):
    """One problem of one row: an error (the row is not imported), a duplicate inside the
    file (skipped), or a warning (imported, with a value left empty)."""

    class Severity(models.TextChoices):
        ERROR = "error", _("Kesalahan")
        DUPLICATE = "duplicate", _("Duplikat")
        WARNING = "warning", _("Peringatan")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    # The row id (registry.rows.row_id): the Excel row on the first sheet read, plus
    # SHEET_ROW_BASE × the sheet's position on the others. registry.rows.RowNames shows it.
    row = models.PositiveIntegerField(_("baris"))
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)  # "" for a CSV
    severity = models.CharField(_("jenis"), max_length=10, choices=Severity.choices)
    column = models.CharField(_("kolom"), max_length=120, blank=True)
    message = models.TextField(_("pesan"))
    # The row's cells as the file had them, for the download of rows to fix.
    values = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["row", "id"]
        indexes = [
            # Preview page: a job's problem rows in row order, errors first filter.
            models.Index(fields=["job", "severity", "row"], name="importproblem_job_row"),
        ]


class ImportChange(models.Model):
    """A business or product an import created or changed."""

    class Action(models.TextChoices):
        CREATED = "created", _("Baru")
        UPDATED = "updated", _("Diperbarui")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    row = models.PositiveIntegerField(_("baris"))
    business = models.ForeignKey("directory.Business", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    product = models.ForeignKey("catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["row"]
        indexes = [
            # "Which records did this import touch": the admin's UMKM/product list filtered by import.
            models.Index(fields=["job", "action"], name="importchange_job_action"),
        ]


class ImportFormat(models.Model):
    """A column mapping staff confirmed and saved under a name ("Format Disperindag Kota X"),
    proposed again for a later file whose header row reads the same. It holds the file's
    headers and fields only, no data, so every staff member sees every format."""

    name = models.CharField(_("nama format"), max_length=120)
    kind = models.CharField(_("jenis data"), max_length=10, choices=ImportJob.Kind.choices)
    # registry.mappings.header_signature of the file's headers in order; headers as read, to show.
    signature = models.CharField(max_length=64, editable=False)
    headers = models.JSONField(_("judul kolom"), default=list)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict)  # as ImportJob.mapping
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("format berkas impor")
        verbose_name_plural = _("format berkas impor")
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="importformat_unique_name")]
        indexes = [
            # The preview looks up the newest format for a file's header signature.
            models.Index(fields=["kind", "signature", "-created_at"], name="importformat_signature"),
        ]

    def __str__(self):
        return self.name
class ImportConflict(models.Model):
    """A row of a business file that would change where a business already in the registry
    is (kabupaten/kota, kecamatan, desa/kelurahan or address). The conflicting values are
    written only when staff accept the row before confirming; undecided counts as refused."""

    class Decision(models.TextChoices):
        UNDECIDED = "", _("Belum diputuskan")
        ACCEPTED = "accepted", _("Diterima")
        REFUSED = "refused", _("Ditolak")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="conflicts")
    row = models.PositiveIntegerField(_("baris"))
    business = models.ForeignKey("directory.Business", null=True, on_delete=models.SET_NULL, related_name="+")
    # Why the row was taken for this business ("NIB sama", "nama sama dan nomor HP sama (…)").
    evidence = models.TextField(_("dasar pencocokan"))
    # {field: [value in the registry, value in the file]}; regions as Kemendagri codes.
    fields = models.JSONField(_("isian yang berbeda"))
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["row"]
        verbose_name = _("konflik impor")
        verbose_name_plural = _("konflik impor")
        constraints = [
            # One conflict per row of an import; the preview page lists them in row order.
            models.UniqueConstraint(fields=["job", "row"], name="importconflict_job_row"),
        ]
