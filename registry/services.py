"""Write flows of a registry import: upload → preview (read, clean, de-duplicate, match;
nothing written but the job's own record) → confirm → commit (one transaction). The reading
is registry.reading's, the per-row work registry.scans'.

Preview and commit run in the background worker (registry.tasks); every step reads and
writes only the ImportJob row and its children, so any app process can show progress or
take the confirmation."""

import gc
import hashlib
import io
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from catalog.listing import listing_sync
from registry.cleaning import nik_column_rounded
from registry.models import ImportJob, ImportProblem
from registry.reading import FileProblem, read_table
from registry.scans import read_staged, scan_for
from umkm_portal.batches import chunked

logger = logging.getLogger(__name__)


BATCH_ROWS = 2000


# Progress is written every 10,000 rows: on SQLite each write rewrites the job row, upload included.
PROGRESS_EVERY_BATCHES = 5


# A large import ends with ANALYZE on PostgreSQL: the planner's row estimates are stale otherwise.
ANALYZE_AFTER_ROWS = 5000


class ImportRefused(Exception):
    """The upload is refused before any job exists; .message is for the staff member."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def too_large_message(size):
    return _(
        "Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Pecah menjadi beberapa berkas, "
        "misalnya per kabupaten/kota."
    ) % {
        "size": number_format(size / 1024 / 1024, 1),
        "limit": number_format(settings.IMPORT_MAX_BYTES / 1024 / 1024, 0),
    }


def import_job_create(*, user, filename, data, kind, default_regency=None):
    """Record an upload. The file is kept in the database until the import ends, so the
    worker and every app process read the same bytes."""
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(too_large_message(len(data)))
    if not data:
        raise ImportRefused(_("Berkas kosong. Pilih berkas XLSX, XLS, ODS atau CSV yang berisi data."))
    return ImportJob.objects.create(
        kind=kind,
        created_by=user,
        filename=filename[:255],
        file_size=len(data),
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_data=data,
        default_regency=default_regency,
    )


def import_job_confirm(*, job):
    """The staff member confirmed the preview: queue the commit (registry.tasks)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.CONFIRMED, progress_done=0
    )
    job.refresh_from_db()
    return bool(updated)


def import_job_cancel(*, job):
    updated = ImportJob.objects.filter(pk=job.pk, status__in=[ImportJob.Status.PREVIEWED, ImportJob.Status.QUEUED]).update(
        status=ImportJob.Status.CANCELLED, file_data=None, staged=None, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return bool(updated)


REREAD_STATUSES = (ImportJob.Status.PREVIEWED, ImportJob.Status.FAILED)


def import_job_reread(*, job, **fields):
    """Read the stored file again with changed settings (`fields` of ImportJob: a column
    mapping, a place for the whole file, …), without a new upload. Allowed while nothing has
    been written: a previewed job, or a failed one whose file is still kept. The old preview's
    problems and staged records are dropped; returns False when the job cannot be re-read.
    The caller enqueues registry.tasks.preview_import."""
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().filter(
            pk=job.pk, status__in=REREAD_STATUSES, file_data__isnull=False
        ).first()
        if locked is None:
            return False
        locked.problems.all().delete()
        reset = {
            "status": ImportJob.Status.QUEUED, "staged": None, "counts": {}, "skipped_rows": {}, "message": "",
            "progress_done": 0, "progress_total": 0, "finished_at": None,
        }
        ImportJob.objects.filter(pk=job.pk).update(**reset, **fields)
    job.refresh_from_db()
    return True


@contextmanager
def _full_collections_postponed():
    """Python's full garbage collections, each walking every live object, put off while an import
    holds a file's worth of them (duplicate keys, planned records): with the default thresholds
    they took a tenth of a 100,000-row preview's CPU. Young objects are still collected."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@_full_collections_postponed()
def import_job_preview(job):
    """Read, clean, de-duplicate and match every row; store the counts, the problems and the
    cleaned records. Writes nothing but the job's own rows."""
    if job.status != ImportJob.Status.QUEUED:
        return
    _update(job, status=ImportJob.Status.READING, progress_done=0, progress_total=0)
    try:
        table = read_table(bytes(job.file_data), job.filename, job.kind)
        scan = scan_for(job, table)
        if table.format == "csv" and "nik" in table.fields:
            # A CSV saved from Excel may show in one NIK ("1,67115E+15") that all were numbers.
            # Reading a CSV twice is cheap; an xlsx text cell is never rounded.
            scan.cleaner.nik_rounded = nik_column_rounded(raw.get("nik") for _row, raw in table.rows())
        _update(job, sheet=table.sheet or "", header_rows=table.header_rows, columns=scan.columns,
                progress_total=getattr(table, "estimated_rows", 0) or 0)
        done = 0
        for number, batch in enumerate(chunked(table.rows(), BATCH_ROWS), start=1):
            scan.batch(batch, commit=False)
            done += len(batch)
            if number % PROGRESS_EVERY_BATCHES == 0:
                _update(job, progress_done=done)
        scan.finish()
    except FileProblem as problem:
        _fail(job, problem.message)
        return
    except Exception:
        logger.exception("Import job %s: preview failed", job.pk)
        _fail(job, _("Terjadi kesalahan tak terduga saat membaca berkas (impor #%(id)d). Tim teknis dapat melihat "
                     "catatannya; coba lagi nanti.") % {"id": job.pk})
        return
    _update(
        job, status=ImportJob.Status.PREVIEWED, counts=scan.counts_dict(), skipped_rows=dict(table.skipped),
        staged=scan.staged.finish(), progress_done=done, progress_total=done,
    )


@_full_collections_postponed()
def import_job_commit(job):
    """Write the previewed rows in one transaction: all of them, or on failure none."""
    if job.status != ImportJob.Status.CONFIRMED:
        return
    _update(job, status=ImportJob.Status.SAVING)
    table_columns = job.columns
    scan = scan_for(job, None, columns=table_columns)
    try:
        with transaction.atomic():
            for batch in chunked(read_staged(job), BATCH_ROWS):
                scan.batch(batch, commit=True)
            scan.finish()
            counts = scan.counts_dict()
            counts["errors"] = job.counts.get("errors", 0) + counts.get("errors", 0)
            counts["skipped"] = job.counts.get("skipped", 0) + counts.get("skipped", 0)
            counts["warnings"] = job.counts.get("warnings", 0)
            counts["rows"] = job.counts.get("rows", 0)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.DONE, counts=counts, file_data=None, staged=None, finished_at=timezone.now()
            )
            touched = scan.touched_regencies
            updated_ids = scan.updated_business_ids
            transaction.on_commit(lambda: _after_commit(touched, updated_ids, counts))
    except Exception:
        logger.exception("Import job %s: commit failed, rolled back", job.pk)
        _fail(job, _("Penyimpanan gagal dan dibatalkan seluruhnya: tidak ada data yang berubah (impor #%(id)d). "
                     "Coba konfirmasi ulang dengan mengunggah berkas lagi.") % {"id": job.pk}, keep_file=False)
        return
    job.refresh_from_db()


def _after_commit(touched_regencies, updated_business_ids, counts):
    listing_sync(updated_business_ids, regency_codes=touched_regencies)
    written = counts.get("new", 0) + counts.get("updated", 0)
    if connection.vendor == "postgresql" and written >= ANALYZE_AFTER_ROWS:
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE directory_business, directory_businessprivate, directory_certification, "
                "catalog_product, registry_importchange"
            )


def _update(job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _fail(job, message, keep_file=False):
    fields = {"status": ImportJob.Status.FAILED, "message": message, "finished_at": timezone.now(), "staged": None}
    if not keep_file:
        fields["file_data"] = None
    _update(job, **fields)


def problem_rows_workbook(job):
    """The rows with errors (and skipped duplicates), as an XLSX the staff member can fix and
    import again: the file's own column headers, then a column saying what is wrong."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Baris bermasalah"))

    def as_text(value):
        # A cell the file had as a formula comes back as text: the download never computes anything.
        cell = WriteOnlyCell(sheet, value=value)
        if cell.data_type == "f":
            cell.data_type = "s"
        return cell

    # The lowest level of a two-row header ("ALAMAT USAHA / KECAMATAN" → "KECAMATAN"), so the
    # download reads back with a one-row header.
    headers = [(c["header"] or c["letter"]).split(" / ")[-1] for c in job.columns if c["field"]]
    sheet.append([_("BARIS ASAL"), *headers, _("MASALAH")])
    problems = job.problems.exclude(severity=ImportProblem.Severity.WARNING).order_by("row", "id")
    current_row, values, messages = None, None, []
    for problem in problems.iterator(chunk_size=2000):
        if problem.row != current_row:
            if current_row is not None:
                sheet.append([current_row, *map(as_text, values), " | ".join(messages)])
            current_row, values, messages = problem.row, problem.values or [""] * len(headers), []
        messages.append(f"{problem.column}: {problem.message}" if problem.column else problem.message)
    if current_row is not None:
        sheet.append([current_row, *map(as_text, values), " | ".join(messages)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
