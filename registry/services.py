"""Write flows of a registry import: upload → preview (read, clean, de-duplicate, match;
nothing written but the job's own record) → confirm → commit (one transaction). The reading
is registry.reading's, the per-row work registry.scans'.

Preview and commit run in the background worker (registry.tasks); every step reads and
writes only the ImportJob row and its children, so any app process can show progress or
take the confirmation.

Recovery: each run of the worker on a job (a read or a commit) takes the job with a first
heartbeat and a new attempt number, then beats as it writes its progress. A job whose worker
stopped beating is marked failed (import_jobs_fail_stale) and can be retried from what it kept
(import_job_retry); every later write of a run is fenced by its attempt number, so a run given
up for dead cannot write over its retry: a commit that finds itself superseded rolls back whole."""

import datetime
import gc
import hashlib
import io
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from catalog.listing import listing_sync
from registry.cleaning import nik_column_rounded
from registry.mappings import columns_without_samples, file_columns, map_columns, missing_name_message
from registry.models import ImportConflict, ImportJob, ImportProblem
from registry.reading import FileProblem, read_table
from registry.rows import RowNames
from registry.scans import column_summary, read_staged, scan_for
from umkm_portal.batches import chunked
from umkm_portal.text import xml_safe

logger = logging.getLogger(__name__)


BATCH_ROWS = 2000


# Progress is written every 10,000 rows: on SQLite each write rewrites the job row, upload included.
PROGRESS_EVERY_BATCHES = 5


# A large import ends with ANALYZE on PostgreSQL: the planner's row estimates are stale otherwise.
ANALYZE_AFTER_ROWS = 5000


class ImportSuperseded(Exception):
    """This run of the worker was given up for dead (no heartbeat) and the job moved on: the run
    stops without writing anything more."""


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


def import_job_create(
    *, user, filename, data, kind, default_regency=None, default_district=None, default_village=None,
    regency_name_is_blank=False, recorded_on=None,
):
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
        recorded_on=recorded_on,
        default_district=default_district,
        default_village=default_village,
        regency_name_is_blank=regency_name_is_blank,
    )


def import_job_confirm(*, job):
    """The staff member confirmed the preview: queue the commit (registry.tasks)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).update(
        status=ImportJob.Status.CONFIRMED, progress_done=0
    )
    job.refresh_from_db()
    return bool(updated)


CANCEL_STATUSES = (ImportJob.Status.PREVIEWED, ImportJob.Status.QUEUED, ImportJob.Status.FAILED)


def import_job_cancel(*, job):
    """Drop a job that will not be written: its file and staged records go (they hold NIKs). A
    failed job may be cancelled too, instead of retried."""
    updated = ImportJob.objects.filter(pk=job.pk, status__in=CANCEL_STATUSES).update(
        status=ImportJob.Status.CANCELLED, file_data=None, staged=None, finished_at=timezone.now(),
        columns=columns_without_samples(job.columns),
    )
    job.refresh_from_db()
    return bool(updated)


def import_job_decide_conflicts(*, job, user, accepted=(), refused=(), all_decision=None):
    """Staff accept or refuse conflicts of a previewed import (registry.models.ImportConflict):
    the rows in `accepted` / `refused`, or every conflict of the job with `all_decision`.
    Deciding again what is already decided changes nothing. Returns the number of conflicts
    whose decision changed, or None when the job is no longer previewed."""
    Decision = ImportConflict.Decision
    if all_decision is not None:
        wanted = [(job.conflicts.all(), all_decision)]
    else:
        wanted = [(job.conflicts.filter(row__in=accepted), Decision.ACCEPTED),
                  (job.conflicts.filter(row__in=refused), Decision.REFUSED)]
    with transaction.atomic():
        # The lock keeps a decision from landing while the commit reads the decisions.
        if not ImportJob.objects.select_for_update().filter(pk=job.pk, status=ImportJob.Status.PREVIEWED).exists():
            return None
        now = timezone.now()
        return sum(
            conflicts.exclude(decision=decision).update(decision=decision, decided_by=user, decided_at=now)
            for conflicts, decision in wanted
        )


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
        locked.conflicts.all().delete()
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
    attempt = _start(job, ImportJob.Status.QUEUED, ImportJob.Status.READING, progress_done=0, progress_total=0)
    if attempt is None:
        return
    reading = ImportJob.Status.READING
    try:
        table = read_table(
            bytes(job.file_data), job.filename, job.kind, excluded_sheets=job.excluded_sheets, accept_missing_name=True,
        )
        applied_format = map_columns(job, table)
        columns = column_summary(table)
        # Before the scan: its messages name the sheets (RowNames.of_job); written with the first beat.
        job.sheets = table.sheets
        if message := missing_name_message(job.kind, columns):
            # Nothing to stage yet: the file stays so staff can pick the name column and read it again.
            _beat(job, attempt, reading, sheet=table.sheet or "", header_rows=table.header_rows, columns=columns,
                  applied_format=applied_format, sheets=table.sheets)
            _fail(job, attempt, message, keep_file=True)
            return
        scan = scan_for(job, table, columns=columns)
        if table.format == "csv" and "nik" in table.fields:
            # A CSV saved from Excel may show in one NIK ("1,67115E+15") that all were numbers.
            # Reading a CSV twice is cheap; an xlsx text cell is never rounded.
            scan.cleaner.nik_rounded = nik_column_rounded(raw.get("nik") for _row, raw in table.rows())
        _beat(job, attempt, reading, sheet=table.sheet or "", header_rows=table.header_rows, columns=columns,
              applied_format=applied_format, sheets=table.sheets, progress_total=getattr(table, "estimated_rows", 0) or 0)
        done = 0
        for number, batch in enumerate(chunked(table.rows(), BATCH_ROWS), start=1):
            scan.batch(batch, commit=False)
            done += len(batch)
            if number % PROGRESS_EVERY_BATCHES == 0:
                _beat(job, attempt, reading, progress_done=done)
        scan.finish()
        _beat(
            job, attempt, reading, status=ImportJob.Status.PREVIEWED, counts=scan.counts_dict(),
            skipped_rows=dict(table.skipped), sheets=table.sheets, staged=scan.staged.finish(), progress_done=done,
            progress_total=done,
        )
    except ImportSuperseded:
        logger.warning("Import job %s: read #%d was given up for dead and superseded; stopped", job.pk, attempt)
    except FileProblem as problem:
        # The file itself is refused: reading it again would give the same answer, so it is not kept.
        _fail(job, attempt, problem.message)
    except Exception:
        logger.exception("Import job %s: preview failed", job.pk)
        _fail(job, attempt, _(
            "Terjadi kesalahan tak terduga saat membaca berkas (impor #%(id)d); tidak ada data yang berubah. Tim "
            "teknis dapat melihat catatannya. Klik 'Coba lagi' untuk membacanya lagi dari berkas yang tersimpan."
        ) % {"id": job.pk}, keep_file=True)


@_full_collections_postponed()
def import_job_commit(job):
    """Write the previewed rows in one transaction: all of them, or on failure none. A failed
    commit keeps the file and the staged records, so it can be retried (import_job_retry)."""
    counts = job.counts or {}
    attempt = _start(
        job, ImportJob.Status.CONFIRMED, ImportJob.Status.SAVING, progress_done=0,
        progress_total=sum(counts.get(key, 0) for key in ("new", "updated", "unchanged")),
    )
    if attempt is None:
        return
    table_columns = job.columns
    heartbeat = CommitHeartbeat(job, attempt)
    try:
        scan = scan_for(job, None, columns=table_columns)
        with transaction.atomic():
            done = 0
            for number, batch in enumerate(chunked(read_staged(job), BATCH_ROWS), start=1):
                scan.batch(batch, commit=True)
                done += len(batch)
                if number % PROGRESS_EVERY_BATCHES == 0:
                    heartbeat.beat(progress_done=done)
            scan.finish()
            counts = scan.counts_dict()
            counts["errors"] = job.counts.get("errors", 0) + counts.get("errors", 0)
            counts["skipped"] = job.counts.get("skipped", 0) + counts.get("skipped", 0)
            counts["warnings"] = job.counts.get("warnings", 0)
            counts["rows"] = job.counts.get("rows", 0)
            # Fenced: when this run was given up for dead meanwhile, nothing it wrote is kept.
            finished = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.SAVING, attempts=attempt).update(
                status=ImportJob.Status.DONE, counts=counts, file_data=None, staged=None, finished_at=timezone.now(),
                heartbeat_at=timezone.now(), progress_done=done, columns=columns_without_samples(job.columns),
            )
            if not finished:
                raise ImportSuperseded
            touched = scan.touched_regencies
            updated_ids = scan.updated_business_ids
            transaction.on_commit(lambda: _after_commit(touched, updated_ids, counts))
    except ImportSuperseded:
        logger.warning("Import job %s: commit #%d was given up for dead and superseded; rolled back", job.pk, attempt)
        return
    except Exception:
        logger.exception("Import job %s: commit failed, rolled back", job.pk)
        _fail(job, attempt, _(
            "Penyimpanan gagal dan dibatalkan seluruhnya: tidak ada data yang berubah (impor #%(id)d). Klik "
            "'Coba lagi' untuk menyimpannya lagi; bila gagal lagi, tim teknis dapat melihat catatannya."
        ) % {"id": job.pk}, keep_file=True, keep_staged=True)
        return
    finally:
        heartbeat.close()
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


def _start(job, waiting, running, **fields):
    """Take a waiting job for this run: its status becomes `running`, with a first heartbeat and
    the next attempt number, which this run returns. None when the job is not waiting (another
    worker took it, or it was cancelled)."""
    now = timezone.now()
    if not ImportJob.objects.filter(pk=job.pk, status=waiting).update(
        status=running, heartbeat_at=now, attempts=F("attempts") + 1, **fields
    ):
        return None
    job.refresh_from_db(fields=["status", "heartbeat_at", "attempts", *fields])
    return job.attempts


def _beat(job, attempt, running, /, **fields):
    """Write progress (or the outcome) of a run with a heartbeat, only while the job is still this
    run's (status `running`, this attempt); else raise ImportSuperseded."""
    fields["heartbeat_at"] = timezone.now()
    if not ImportJob.objects.filter(pk=job.pk, status=running, attempts=attempt).update(**fields):
        raise ImportSuperseded
    for name, value in fields.items():
        setattr(job, name, value)


def _fail(job, attempt, message, keep_file=False, keep_staged=False):
    """Mark this run's job failed. keep_file (and keep_staged) when a retry can fix the failure:
    the worker died or something unexpected happened, not when the file itself is refused."""
    fields = {"status": ImportJob.Status.FAILED, "message": message, "finished_at": timezone.now()}
    if not keep_file:
        fields["file_data"] = None
    if not keep_staged:
        fields["staged"] = None
    if ImportJob.objects.filter(pk=job.pk, status__in=STALE_STATUSES, attempts=attempt).update(**fields):
        for name, value in fields.items():
            setattr(job, name, value)


class CommitHeartbeat:
    """Heartbeats of a commit while its transaction is open; a beat written inside that
    transaction would be invisible to other processes until the commit ends.

    PostgreSQL: written through a second connection in autocommit, so they are seen at once. They
    never wait for the commit: its transaction does not lock the job row until its last UPDATE
    (the foreign keys of the rows it inserts are checked at COMMIT), and lock_timeout bounds any
    wait; a failed beat is logged, never fails the commit.

    SQLite: one writer at a time, and the commit holds the write lock from its start
    (transaction_mode IMMEDIATE): a second connection would wait for that very lock. There the
    commit beats once, when it starts (_start), and IMPORT_STALE_AFTER must exceed the longest
    commit. Were a live commit given up all the same, its fenced last UPDATE finds the job no
    longer its own and the whole commit rolls back: late, never doubled."""

    def __init__(self, job, attempt):
        self.job, self.attempt = job, attempt
        self.side = None

    def beat(self, **fields):
        if connection.vendor != "postgresql":
            return
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self.side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '2s'")
            quote = self.side.ops.quote_name
            meta = ImportJob._meta
            assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in ["heartbeat_at", *fields])
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE id = %s AND status = %s AND attempts = %s",
                    [timezone.now(), *fields.values(), self.job.pk, ImportJob.Status.SAVING, self.attempt],
                )
        except Exception:  # a heartbeat is best effort: it never fails the commit
            logger.warning("Import job %s: heartbeat not written", self.job.pk, exc_info=True)

    def close(self):
        if self.side is not None:
            self.side.close()


# Recovery -----------------------------------------------------------------------------------

STALE_STATUSES = (ImportJob.Status.READING, ImportJob.Status.SAVING)


def stale_cutoff():
    return timezone.now() - datetime.timedelta(seconds=settings.IMPORT_STALE_AFTER)


def is_stale(job):
    """Whether this loaded job looks abandoned by its worker (no query)."""
    beat = job.heartbeat_at or job.created_at
    return job.status in STALE_STATUSES and beat < stale_cutoff()


def import_jobs_fail_stale(*, job=None):
    """Mark failed every job (or this one) still reading or saving whose worker stopped beating
    for IMPORT_STALE_AFTER: one UPDATE. The file and the staged records stay for the retry.
    Returns how many were marked."""
    cutoff = stale_cutoff()
    stale = ImportJob.objects.filter(status__in=STALE_STATUSES).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    if job is not None:
        stale = stale.filter(pk=job.pk)
    marked = stale.update(
        status=ImportJob.Status.FAILED, finished_at=timezone.now(),
        message=Case(
            When(status=ImportJob.Status.READING, then=Value(_(
                "Pekerja latar belakang berhenti saat membaca impor ini; tidak ada data yang berubah. Klik "
                "'Coba lagi' untuk membacanya lagi dari berkas yang tersimpan."
            ))),
            default=Value(_(
                "Pekerja latar belakang berhenti saat menyimpan impor ini; tidak ada data yang berubah. Klik "
                "'Coba lagi' untuk menyimpannya lagi."
            )),
        ),
    )
    if job is not None and marked:
        job.refresh_from_db(fields=["status", "finished_at", "message"])
    return marked


def _retry_step(queryset, job):
    has_staged = ExpressionWrapper(Q(staged__isnull=False), output_field=BooleanField())
    kept = queryset.filter(pk=job.pk, status=ImportJob.Status.FAILED, file_data__isnull=False).values_list(
        has_staged, flat=True
    ).first()
    if kept is None:
        return None
    return "commit" if kept else "read"


def import_job_retry_step(job):
    """What "Coba lagi" would do for this job: "commit" (a failed commit whose staged records are
    kept), "read" (the stored file read again), or None (nothing to retry). One query, for a
    failed job only."""
    if job.status != ImportJob.Status.FAILED:
        return None
    return _retry_step(ImportJob.objects.all(), job)


def import_job_retry(*, job):
    """Run again what failed, from what the job kept: a failed commit is committed again (it
    re-matches every record against the registry as it then stands, so rows a lost run had in
    fact written are not doubled), a failed read is read again. Only a failed job whose file is
    still stored; returns the step queued ("commit" or "read") or None when refused. The caller
    enqueues registry.tasks.commit_import or preview_import. A retry sent twice queues once: the
    status moves on with the first (the job row is locked meanwhile)."""
    with transaction.atomic():
        step = _retry_step(ImportJob.objects.select_for_update(), job)
        if step == "commit":
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.CONFIRMED, message="", finished_at=None, progress_done=0
            )
        elif step == "read" and not import_job_reread(job=job):
            step = None
    job.refresh_from_db()
    return step


# Purge ----------------------------------------------------------------------------------------

PURGE_JOBS_PER_BATCH = 100
PURGE_PROBLEMS_PER_BATCH = 5000


def import_jobs_purge():
    """Empty what holds personal data in imports that ended (or, never ended, were created) more
    than IMPORT_RETENTION_DAYS ago: the stored file, the staged records, and each problem's cells
    and message (messages quote cells: a NIB, an email, a place, a phone as duplicate evidence).
    Kept: the job's counts, columns and outcome, each problem's row, column and severity. A job
    never confirmed by then is cancelled. In batches; a purged job is skipped the next time.
    Returns {"jobs": n, "cancelled": n, "problems": n}."""
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IMPORT_RETENTION_DAYS)
    due = ImportJob.objects.filter(purged_at__isnull=True).exclude(status__in=STALE_STATUSES).alias(
        ended=Coalesce("finished_at", "created_at")
    ).filter(ended__lt=cutoff)
    waiting = (ImportJob.Status.QUEUED, ImportJob.Status.PREVIEWED, ImportJob.Status.CONFIRMED)
    purged_message = _("Isi pesan dihapus setelah %(days)d hari (data pribadi).") % {"days": settings.IMPORT_RETENTION_DAYS}
    totals = {"jobs": 0, "cancelled": 0, "problems": 0}
    while ids := list(due.order_by("pk").values_list("pk", flat=True)[:PURGE_JOBS_PER_BATCH]):
        totals["cancelled"] += ImportJob.objects.filter(pk__in=ids, status__in=waiting).update(
            status=ImportJob.Status.CANCELLED, finished_at=now, message=_(
                "Dibatalkan otomatis: tidak dikonfirmasi dalam %(days)d hari; berkasnya dihapus karena memuat data "
                "pribadi."
            ) % {"days": settings.IMPORT_RETENTION_DAYS},
        )
        # A job a worker took meanwhile is left for the next run.
        ImportJob.objects.filter(pk__in=ids).exclude(status__in=STALE_STATUSES).update(
            file_data=None, staged=None, purged_at=now
        )
        purged = []
        # The preview's sample cells of each column go too (registry.mappings keeps them per job).
        for job_id, columns in ImportJob.objects.filter(pk__in=ids, purged_at=now).values_list("pk", "columns"):
            purged.append(job_id)
            ImportJob.objects.filter(pk=job_id).update(columns=columns_without_samples(columns))
        totals["jobs"] += len(purged)
        # A conflict's evidence may quote the owner's phone.
        ImportConflict.objects.filter(job_id__in=purged).delete()
        last = 0
        while problem_ids := list(
            ImportProblem.objects.filter(job_id__in=purged, pk__gt=last).order_by("pk").values_list("pk", flat=True)[
                :PURGE_PROBLEMS_PER_BATCH
            ]
        ):
            totals["problems"] += ImportProblem.objects.filter(pk__in=problem_ids).update(values=[], message=purged_message)
            last = problem_ids[-1]
        if len(purged) < len(ids):
            due = due.exclude(pk__in=set(ids) - set(purged))
    return totals


def problem_rows_workbook(job):
    """The rows with errors (and skipped duplicates), as an XLSX the staff member can fix and
    import again: BARIS ASAL (the row in the uploaded file), every column of the file under its
    own header and in its order, mapped or not, then a column saying what is wrong. Uploaded
    again, it is read and matched like any file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Baris bermasalah"))

    def as_text(value):
        # A cell the file had as a formula comes back as text: the download never computes anything.
        # A control character in the file's cell would make openpyxl refuse the whole download.
        cell = WriteOnlyCell(sheet, value=xml_safe(value))
        if cell.data_type == "f":
            cell.data_type = "s"
        return cell

    # The lowest level of a two-row header ("ALAMAT USAHA / KECAMATAN" → "KECAMATAN"), so the
    # download reads back with a one-row header.
    headers = [xml_safe((c["header"] or c["letter"]).split(" / ")[-1]) for c in file_columns(job.columns)]
    # Rows of several sheets: which sheet each came from, before its row number.
    several = RowNames.of_job(job).several
    place = [_("SHEET")] if several else []
    sheet.append([*place, _("BARIS ASAL"), *headers, _("MASALAH")])

    def append(problem, values, messages):
        values = (values + [""] * len(headers))[:len(headers)]
        where = [problem.sheet] if several else []
        sheet.append([*where, RowNames.number(problem.row), *map(as_text, values), xml_safe(" | ".join(messages))])

    problems = job.problems.exclude(severity=ImportProblem.Severity.WARNING).order_by("row", "id")
    current, values, messages = None, [], []
    for problem in problems.iterator(chunk_size=2000):
        if current is None or problem.row != current.row:
            if current is not None:
                append(current, values, messages)
            current, values, messages = problem, [], []
        values = values or problem.values or []
        messages.append(f"{problem.column}: {problem.message}" if problem.column else problem.message)
    if current is not None:
        append(current, values, messages)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
