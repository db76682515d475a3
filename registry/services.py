"""Write flows of a registry import: upload → preview (read, clean, de-duplicate, match;
nothing written but the job's own record) → confirm → commit (one transaction).

Preview and commit run in the background worker (registry.tasks); every step reads and
writes only the ImportJob row and its children, so any app process can show progress or
take the confirmation."""

import functools
import hashlib
import io
import json
import logging
import zlib
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Category, Product
from catalog.listing import copied_columns, facts_of_many, listing_sync
from directory.models import Business, BusinessPrivate, Certification, Kbli
from staff.scope import staff_scope
from regions.models import Regency
from registry import matching
from registry.models import ImportChange, ImportJob, ImportProblem
from registry.cleaning import nik_column_rounded
from registry.places import PlaceResolver
from registry.reading import FileProblem, read_table
from registry.records import (
    BusinessRecord,
    Problem,
    ProductRecord,
    RowCleaner,
    cell_text,
    record_from_list,
    record_to_list,
)
from umkm_portal.batches import chunked
from umkm_portal.bulk import insert_objects, insert_rows
from umkm_portal.slugs import unique_slugs

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


# Upload -------------------------------------------------------------------------------


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


# Preview ------------------------------------------------------------------------------


def import_job_preview(job):
    """Read, clean, de-duplicate and match every row; store the counts, the problems and the
    cleaned records. Writes nothing but the job's own rows."""
    if job.status != ImportJob.Status.QUEUED:
        return
    _update(job, status=ImportJob.Status.READING, progress_done=0, progress_total=0)
    try:
        table = read_table(bytes(job.file_data), job.filename, job.kind)
        scan = _scan_for(job, table)
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


# Commit -------------------------------------------------------------------------------


def import_job_commit(job):
    """Write the previewed rows in one transaction: all of them, or on failure none."""
    if job.status != ImportJob.Status.CONFIRMED:
        return
    _update(job, status=ImportJob.Status.SAVING)
    table_columns = job.columns
    scan = _scan_for(job, None, columns=table_columns)
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


# Scans: the same per-batch plan serves the preview (count) and the commit (write) ---------


FIELD_TITLES = {
    "number": gettext_lazy("Nomor urut"), "name": gettext_lazy("Nama usaha"), "owner_name": gettext_lazy("Nama pemilik"), "nik": gettext_lazy("NIK"),
    "nib": gettext_lazy("NIB"), "business_type": gettext_lazy("Jenis usaha"), "kbli": gettext_lazy("KBLI"), "main_products": gettext_lazy("Produk utama"),
    "scale": gettext_lazy("Skala usaha"), "regency": gettext_lazy("Kabupaten/kota"), "district": gettext_lazy("Kecamatan"),
    "village": gettext_lazy("Desa/kelurahan"), "address": gettext_lazy("Alamat usaha"), "phone": gettext_lazy("Nomor HP"), "email": gettext_lazy("Email"),
    "omzet": gettext_lazy("Omzet per bulan"), "omzet_millions": gettext_lazy("Omzet per bulan (juta)"), "workers": gettext_lazy("Tenaga kerja"),
    "founded_year": gettext_lazy("Tahun berdiri"), "halal": gettext_lazy("Sertifikat halal"), "pirt": gettext_lazy("P-IRT"), "bpom": gettext_lazy("BPOM"),
    "sni": gettext_lazy("SNI"), "marketplaces": gettext_lazy("Pemasaran"), "note": gettext_lazy("Keterangan (tidak disimpan)"),
    "recorded_on": gettext_lazy("Tanggal pendataan (tidak disimpan)"), "business_name": gettext_lazy("Nama usaha"),
    "category": gettext_lazy("Kategori"), "description": gettext_lazy("Deskripsi"), "price": gettext_lazy("Harga"), "unit": gettext_lazy("Satuan"),
    "min_order": gettext_lazy("Minimal pembelian"),
}


def _columns(table):
    columns = []
    for column in table.columns:
        label = f"{column.letter} ({column.header})" if column.header else column.letter
        columns.append({
            "letter": column.letter, "header": column.header, "field": column.field or "",
            "title": str(FIELD_TITLES.get(column.field, column.field or "")), "note": column.note or "",
            "label": label,
        })
    return columns


def _scan_for(job, table, columns=None):
    columns = columns if columns is not None else _columns(table)
    scope = staff_scope(job.created_by)
    regency_names = dict(Regency.objects.in_portal().values_list("code", "name"))
    if job.kind == ImportJob.Kind.BUSINESS:
        fields = {c["field"] for c in columns}
        if table is not None and "regency" not in fields and not job.default_regency_id:
            only = [code for code in regency_names if scope.allows(code)]
            if len(only) == 1:
                job.default_regency_id = only[0]
                ImportJob.objects.filter(pk=job.pk).update(default_regency=only[0])
            else:
                raise FileProblem(_(
                    "Berkas tidak punya kolom Kabupaten/Kota. Unggah lagi dan pilih kabupaten/kota berkas ini di "
                    "formulir, atau tambahkan kolom KABUPATEN/KOTA."
                ))
        return BusinessScan(job, columns, scope, regency_names)
    return ProductScan(job, columns, scope, regency_names)


class Stager:
    """Cleaned records as zlib-compressed JSON lines, built batch by batch."""

    def __init__(self):
        self.compressor = zlib.compressobj(6)
        self.parts = []

    def add(self, record):
        line = json.dumps(record_to_list(record), ensure_ascii=False, separators=(",", ":")) + "\n"
        self.parts.append(self.compressor.compress(line.encode()))

    def finish(self):
        self.parts.append(self.compressor.flush())
        return b"".join(self.parts)


def read_staged(job):
    """(row, record) of a previewed job, streamed back from ImportJob.staged."""
    cls = BusinessRecord if job.kind == ImportJob.Kind.BUSINESS else ProductRecord
    decompressor = zlib.decompressobj()
    buffer = b""
    data = bytes(job.staged or b"")
    for start in range(0, len(data), 1 << 20):
        buffer += decompressor.decompress(data[start:start + (1 << 20)])
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            record = record_from_list(cls, json.loads(line))
            yield record.row, record
    buffer += decompressor.flush()
    for line in buffer.split(b"\n"):
        if line:
            record = record_from_list(cls, json.loads(line))
            yield record.row, record


class Scan:
    """Counts and problems of one pass over a job's rows."""

    def __init__(self, job, columns, scope, regency_names):
        self.job = job
        self.columns = columns
        self.scope = scope
        self.regency_names = regency_names
        self.labels = {c["field"]: c["label"] for c in columns if c["field"]}
        self.fields_in_order = [c["field"] for c in columns if c["field"]]
        self.counts = Counter()
        self.staged = Stager()
        self.pending_creates, self.pending_updates = [], []
        self.touched_regencies = set()
        self.updated_business_ids = set()
        self.cleaner = RowCleaner(
            columns=columns, places=PlaceResolver(), kbli_codes=set(kbli_sectors()),
            allows=scope.allows, default_regency=job.default_regency_id, regency_names=regency_names,
        )

    def counts_dict(self):
        keys = ("rows", "new", "updated", "unchanged", "skipped", "errors", "warnings")
        return {key: self.counts.get(key, 0) for key in keys}

    def batch(self, rows, *, commit):
        """rows: (row number, raw cells) when previewing, (row number, record) when committing."""
        records, problems, raw_by_row = [], [], {}
        for row_no, item in rows:
            if commit:
                records.append(item)
                continue
            self.counts["rows"] += 1
            raw_by_row[row_no] = item
            record, row_problems = self.clean(row_no, item)
            problems.extend(row_problems)
            if record is not None:
                records.append(record)
        plan_problems = self.plan(records, commit=commit)
        problems.extend(plan_problems)
        self.tally(problems, commit=commit)
        self.save_problems(problems, raw_by_row, commit=commit)

    def tally(self, problems, *, commit):
        by_row = {}
        for problem in problems:
            by_row.setdefault(problem.row, set()).add(problem.severity)
        for severities in by_row.values():
            if "error" in severities:
                self.counts["errors"] += 1
            elif "duplicate" in severities:
                self.counts["skipped"] += 1
            elif not commit:
                self.counts["warnings"] += 1

    def save_problems(self, problems, raw_by_row, *, commit):
        objects = []
        for problem in problems:
            raw = raw_by_row.get(problem.row, {})
            values = [cell_text(raw.get(name)) for name in self.fields_in_order] if raw else []
            # Rare: the registry changed between the preview and the confirmation.
            message = _("Saat disimpan: %(message)s") % {"message": problem.message} if commit else problem.message
            column = self.labels.get(problem.column, problem.column)
            objects.append(ImportProblem(
                job=self.job, row=problem.row, severity=problem.severity, column=column[:120],
                message=message, values=values,
            ))
        insert_objects(ImportProblem, objects)

    def _settle(self, records, creates, updates, problems, *, commit):
        """Count a planned batch; keep its writes for finish() (commit) or stage its sound
        records for the commit (preview)."""
        self.counts["new"] += len(creates)
        self.counts["updated"] += len(updates)
        if commit:
            self.pending_creates += creates
            self.pending_updates += updates
            return
        bad = {problem.row for problem in problems}
        for record in records:
            if record.row not in bad:
                self.staged.add(record)

    def finish(self):
        """Commit: every batch is planned (matched against the registry as it stood) before
        anything is written, then all is written at once."""
        if self.pending_creates or self.pending_updates:
            self.write(self.pending_creates, self.pending_updates)


@functools.cache
def kbli_sectors():
    """KBLI code → kategori letter (reference data, loaded once per process)."""
    return dict(Kbli.objects.values_list("code", "category_code"))


class BusinessScan(Scan):
    def __init__(self, *args):
        super().__init__(*args)
        self.duplicates = matching.BusinessDuplicates()
        self.seen_existing = {}
        self.today = timezone.localdate()

    def clean(self, row_no, raw):
        record, problems = self.cleaner.business(row_no, raw)
        if record is not None:
            earlier = self.duplicates.earlier_row(record)
            if earlier:
                problems.append(matching.duplicate_problem(record, *earlier))
                return None, problems
        return record, problems

    def plan(self, records, *, commit):
        problems, creates, updates = [], [], []
        found = matching.match_businesses(records)
        current = matching.load_current({existing.id for existing in found.values()})
        for record in records:
            existing = found.get(record.row)
            if existing is None:
                creates.append(record)
                continue
            if existing.id in self.seen_existing:
                problems.append(matching.duplicate_problem(
                    record, self.seen_existing[existing.id], _("UMKM yang sama di registri")
                ))
                continue
            self.seen_existing[existing.id] = record.row
            if not self.scope.allows(existing.regency_id):
                problems.append(Problem(record.row, "error", "nib", _(
                    "UMKM ini sudah terdaftar di %(regency)s, di luar wilayah Anda; hubungi staf dinas di sana."
                ) % {"regency": self.regency_names.get(existing.regency_id, existing.regency_id)}))
                continue
            changes = matching.business_changes(record, current[existing.id])
            if changes:
                updates.append((record, existing.id, changes))
            else:
                self.counts["unchanged"] += 1
        self._settle(records, creates, updates, problems, commit=commit)
        return problems

    def write(self, creates, updates):
        sectors = kbli_sectors()
        today = self.today
        slugs = unique_slugs(Business, [record.name for record in creates])
        ids = insert_rows(Business, BUSINESS_COLUMNS, (
            (
                record.name, record.name_key, slug, record.regency, record.district, record.village, record.nib,
                record.kbli, sectors.get(record.kbli, "") if record.kbli else "", record.business_type,
                record.main_products, record.scale, record.address, record.email, record.sales_channels,
                record.workers, record.founded_year, Business.Status.ACTIVE, today,
            )
            for record, slug in zip(creates, slugs)
        ))
        privates, certificates, changes = [], [], []
        for record, business_id in zip(creates, ids):
            if record.owner_name or record.nik or record.phones or record.omzet is not None:
                privates.append((business_id, *_private_values(record).values()))
            certificates += [(business_id, kind, number) for kind, number in record.certificates.items()]
            changes.append((self.job.pk, ImportChange.Action.CREATED, record.row, business_id))
            self.touched_regencies.add(record.regency)
        insert_rows(BusinessPrivate, ["business_id", *PRIVATE_FIELDS], privates)
        update_certificates, update_changes = [], []
        self._write_updates(updates, update_certificates, update_changes)
        certificates += [(c.business_id, c.kind, c.number) for c in update_certificates]
        changes += [(self.job.pk, c.action, c.row, c.business_id) for c in update_changes]
        insert_rows(Certification, ["business_id", "kind", "number"], certificates)
        insert_rows(ImportChange, ["job_id", "action", "row", "business_id"], changes)

    def _write_updates(self, updates, certificates, changes):
        if not updates:
            return
        sectors = kbli_sectors()
        objects = Business.objects.in_bulk([business_id for _record, business_id, _changes in updates])
        privates = BusinessPrivate.objects.in_bulk([business_id for _r, business_id, c in updates if c.private_fields])
        changed_fields, private_fields, new_privates = set(), set(), []
        now = timezone.now()
        for record, business_id, change in updates:
            business = objects[business_id]
            business.updated_at = now
            self.touched_regencies.add(business.regency_id)
            for name, value in change.business_fields.items():
                attribute = UPDATE_ATTRIBUTES.get(name, name)
                setattr(business, attribute, value)
                changed_fields.add(attribute)
            if "name" in change.business_fields:
                business.name_key = record.name_key
                changed_fields.add("name_key")
            if "kbli" in change.business_fields:
                business.sector = sectors.get(record.kbli, "")
                changed_fields.add("sector")
            self.touched_regencies.add(business.regency_id)
            if change.private_fields:
                private = privates.get(business_id)
                if private is None:
                    new_privates.append(BusinessPrivate(business_id=business_id, **change.private_fields))
                else:
                    for name, value in change.private_fields.items():
                        setattr(private, name, value)
                    private_fields.update(change.private_fields)
            certificates += [
                Certification(business_id=business_id, kind=kind, number=number)
                for kind, number in change.certificates_to_add.items()
            ]
            for kind, number in change.certificates_to_renumber.items():
                Certification.objects.filter(business_id=business_id, kind=kind).update(number=number)
            changes.append(ImportChange(job=self.job, action=ImportChange.Action.UPDATED, row=record.row, business_id=business_id))
            self.updated_business_ids.add(business_id)
        if changed_fields:
            Business.objects.bulk_update(list(objects.values()), [*changed_fields, "updated_at"], batch_size=500)
        if private_fields:
            BusinessPrivate.objects.bulk_update(list(privates.values()), list(private_fields), batch_size=500)
        insert_objects(BusinessPrivate, new_privates)


UPDATE_ATTRIBUTES = {**matching.FOREIGN_KEYS, "regency": "regency_id"}
BUSINESS_COLUMNS = [
    "name", "name_key", "slug", "regency_id", "district_id", "village_id", "nib", "kbli_id", "sector", "business_type",
    "main_products", "scale", "address", "email", "sales_channels", "workers", "founded_year", "status", "verified_on",
]
PRIVATE_FIELDS = ["owner_name", "nik", "owner_phone", "owner_phone2", "registry_omzet"]


def _private_values(record):
    """PRIVATE_FIELDS of a record, in that order."""
    return {
        "owner_name": record.owner_name,
        "nik": record.nik or "",
        "owner_phone": record.phones[0] if record.phones else "",
        "owner_phone2": record.phones[1] if len(record.phones) > 1 else "",
        "registry_omzet": record.omzet,
    }


class ProductScan(Scan):
    def __init__(self, *args):
        super().__init__(*args)
        self.seen = {}
        self.category_ids = dict(Category.objects.values_list("slug", "id"))

    def clean(self, row_no, raw):
        return self.cleaner.product(row_no, raw)

    def plan(self, records, *, commit):
        found, problems = matching.find_product_businesses(records, self.scope.allows, self.regency_names)
        existing = matching.existing_products(set(found.values()))
        creates, updates = [], []
        for record in records:
            business_id = found.get(record.row)
            if business_id is None:
                continue
            key = (business_id, record.name_key)
            if key in self.seen:
                problems.append(Problem(record.row, "duplicate", "name", _(
                    "Duplikat baris %(earlier)d: produk dengan nama yang sama untuk UMKM yang sama. Baris ini dilewati."
                ) % {"earlier": self.seen[key]}))
                continue
            self.seen[key] = record.row
            current = existing.get(key)
            if current is None:
                creates.append((record, business_id))
                continue
            changes = matching.product_changes(record, current, self.category_ids)
            if changes:
                updates.append((record, current["id"], changes))
            else:
                self.counts["unchanged"] += 1
        self._settle(records, creates, updates, problems, commit=commit)
        return problems

    def write(self, creates, updates):
        facts = facts_of_many({business_id for _record, business_id in creates})
        slugs = unique_slugs(Product, [record.name for record, _business_id in creates])
        products = []
        for (record, business_id), slug in zip(creates, slugs):
            fields = copied_columns(facts[business_id], hidden=False)
            products.append(Product(
                business_id=business_id, name=record.name, slug=slug, description=record.description,
                category_id=self.category_ids[record.category], price_min=record.price_min,
                price_max=record.price_max, unit=record.unit, min_order=record.min_order or 1, **fields,
            ))
            self.touched_regencies.add(fields["regency_id"])
        insert_objects(Product, products)
        changes = [
            ImportChange(job=self.job, action=ImportChange.Action.CREATED, row=record.row, product=product)
            for (record, _business_id), product in zip(creates, products)
        ]
        if updates:
            objects = Product.objects.in_bulk([product_id for _record, product_id, _changes in updates])
            changed_fields = set()
            now = timezone.now()
            for record, product_id, change in updates:
                product = objects[product_id]
                product.updated_at = now
                for name, value in change.items():
                    setattr(product, name, value)
                changed_fields.update(change)
                self.touched_regencies.add(product.regency_id)
                changes.append(ImportChange(job=self.job, action=ImportChange.Action.UPDATED, row=record.row, product=product))
            Product.objects.bulk_update(list(objects.values()), [*changed_fields, "updated_at"], batch_size=500)
        insert_objects(ImportChange, changes)


# Helpers ------------------------------------------------------------------------------


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
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

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
