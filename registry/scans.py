"""The scan engine of a registry import: one pass over a job's rows, batch by batch, with the
same per-batch plan for the preview (clean, de-duplicate, match, count; stage the sound
records) and the commit (match again against the registry as it stands, then write
everything at once). registry.services drives it through the job's lifecycle."""

import datetime
import functools
import json
import zlib
from collections import Counter
from itertools import chain

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.listing import copied_columns, facts_of_many
from catalog.models import Category, Product
from directory.models import Business, BusinessPrivate, Certification, Kbli
from regions.models import Regency
from registry import matching
from registry.formats import FileProblem
from registry.models import ImportChange, ImportConflict, ImportJob, ImportProblem
from registry.places import PlaceResolver
from registry.records import (
    BusinessRecord,
    Problem,
    ProductRecord,
    RowCleaner,
    cell_text,
    record_field_names,
    record_from_list,
    record_to_list,
)
from registry.rows import RowNames
from staff.scope import staff_scope
from umkm_portal.batches import chunked
from umkm_portal.bulk import insert_objects, insert_rows
from umkm_portal.coordinates import as_stored
from umkm_portal.slugs import unique_slugs

FIELD_TITLES = {
    "number": gettext_lazy("Nomor urut"), "name": gettext_lazy("Nama usaha"), "owner_name": gettext_lazy("Nama pemilik"), "nik": gettext_lazy("NIK"),
    "nib": gettext_lazy("NIB"), "business_type": gettext_lazy("Jenis usaha"), "kbli": gettext_lazy("KBLI"), "main_products": gettext_lazy("Produk utama"),
    "scale": gettext_lazy("Skala usaha"), "regency": gettext_lazy("Kabupaten/kota"), "district": gettext_lazy("Kecamatan"),
    "village": gettext_lazy("Desa/kelurahan"), "address": gettext_lazy("Alamat usaha"), "phone": gettext_lazy("Nomor HP"), "email": gettext_lazy("Email"),
    "omzet": gettext_lazy("Omzet per bulan"), "omzet_millions": gettext_lazy("Omzet per bulan (juta)"), "workers": gettext_lazy("Tenaga kerja"),
    "founded_year": gettext_lazy("Tahun berdiri"), "halal": gettext_lazy("Sertifikat halal"), "pirt": gettext_lazy("P-IRT"), "bpom": gettext_lazy("BPOM"),
    "sni": gettext_lazy("SNI"), "marketplaces": gettext_lazy("Pemasaran"), "note": gettext_lazy("Keterangan (tidak disimpan)"),
    "recorded_on": gettext_lazy("Tanggal pendataan"), "business_name": gettext_lazy("Nama usaha"),
    "category": gettext_lazy("Kategori"), "description": gettext_lazy("Deskripsi"), "price": gettext_lazy("Harga"), "unit": gettext_lazy("Satuan"),
    "min_order": gettext_lazy("Minimal pembelian"),
    "workers_male": gettext_lazy("Tenaga kerja laki-laki (dijumlahkan)"),
    "workers_female": gettext_lazy("Tenaga kerja perempuan (dijumlahkan)"),
    "latitude": gettext_lazy("Lintang (latitude)"), "longitude": gettext_lazy("Bujur (longitude)"),
    "coordinates": gettext_lazy("Koordinat (lintang, bujur)"),
}


def column_summary(table):
    """Where each column of the file went, as the job keeps it (ImportJob.columns) and the preview shows it."""
    columns = []
    for column in table.columns:
        label = f"{column.letter} ({column.header})" if column.header else column.letter
        columns.append({
            "letter": column.letter, "header": column.header, "field": column.field or "",
            "title": str(FIELD_TITLES.get(column.field, column.field or "")), "note": column.note or "",
            "label": label,
            # Added by the column mapping (registry.mappings): the file's column index, who chose the
            # field, the first rows' cells, and for a composed name the columns it joins.
            "index": column.index, "source": getattr(column, "source", ""),
            "samples": list(getattr(column, "samples", ())), "parts": list(getattr(column, "parts", ())),
        })
    return columns


def scan_for(job, table, columns=None):
    """The scan of this job's kind, for the staff member who uploaded it. Raises FileProblem for a
    business file without a kabupaten/kota column when none was chosen and the uploader has several."""
    columns = columns if columns is not None else column_summary(table)
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
    """Cleaned records as zlib-compressed JSON lines, built batch by batch. (Level 1 compresses
    faster, but its larger blob raised the preview's peak RSS by 20 MB: Django sends the blob to
    the database as hex text, copied several times on the way.)"""

    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # json.dumps builds one per call

    def __init__(self):
        self.compressor = zlib.compressobj(6)
        self.parts = []

    def add(self, record):
        line = self._encode(record_to_list(record)) + "\n"
        self.parts.append(self.compressor.compress(line.encode()))

    def finish(self):
        self.parts.append(self.compressor.flush())
        return b"".join(self.parts)


# Fields whose values repeat from record to record (codes, words from short lists): read_staged
# shares one string per value, as the preview's records did, instead of a copy per record
# (about 40 MB of a 100,000-record commit).
REPEATED_FIELDS = frozenset({"regency", "district", "village", "kbli", "business_type", "scale", "sales_channels",
                             "category", "unit"})


def read_staged(job):
    """(row, record) of a previewed job, streamed back from ImportJob.staged."""
    cls = BusinessRecord if job.kind == ImportJob.Kind.BUSINESS else ProductRecord
    repeated = [index for index, name in enumerate(record_field_names(cls)) if name in REPEATED_FIELDS]
    shared = {}

    def record(line):
        values = json.loads(line)
        for index in repeated:
            values[index] = shared.setdefault(values[index], values[index])
        return record_from_list(cls, values)

    decompressor = zlib.decompressobj()
    buffer = b""
    data = bytes(job.staged or b"")
    for start in range(0, len(data), 1 << 20):
        buffer += decompressor.decompress(data[start:start + (1 << 20)])
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            staged = record(line)
            yield staged.row, staged
    buffer += decompressor.flush()
    for line in buffer.split(b"\n"):
        if line:
            staged = record(line)
            yield staged.row, staged


class Scan:
    """Counts and problems of one pass over a job's rows."""

    def __init__(self, job, columns, scope, regency_names):
        self.job = job
        self.columns = columns
        self.scope = scope
        self.regency_names = regency_names
        self.labels = {c["field"]: c["label"] for c in columns if c["field"]}
        self.counts = Counter()
        self.staged = Stager()
        self.pending_creates, self.pending_updates = [], []
        self.touched_regencies = set()
        self.updated_business_ids = set()
        self.rows = RowNames.of_job(job)
        self.cleaner = RowCleaner(
            columns=columns, places=PlaceResolver(), kbli_codes=set(kbli_sectors()),
            allows=scope.allows, default_regency=job.default_regency_id, regency_names=regency_names,
            recorded_on=job.recorded_on,
            default_district=job.default_district_id, default_village=job.default_village_id,
            regency_name_is_blank=job.regency_name_is_blank,
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

    def row_values(self, raw):
        """Every cell of a raw row as text, one per column of the file (ImportProblem.values)."""
        width = len(self.columns)
        cells = getattr(raw, "cells", None)
        if cells is None:  # a row that lost its cells on the way: its mapped fields where they were
            cells = [raw.get(column["field"]) if column["field"] else None for column in self.columns]
        values = [cell_text(cell) for cell in cells[:width]]
        return values + [""] * (width - len(values))

    def save_problems(self, problems, raw_by_row, *, commit):
        objects, kept = [], set()
        for problem in problems:
            raw = raw_by_row.get(problem.row)
            # The row's cells once, with its first error or duplicate: the download of rows to fix
            # takes them from there (rows with warnings only are imported and not in it).
            values = []
            if raw is not None and problem.severity != "warning" and problem.row not in kept:
                values = self.row_values(raw)
                kept.add(problem.row)
            # Rare: the registry changed between the preview and the confirmation.
            message = _("Saat disimpan: %(message)s") % {"message": problem.message} if commit else problem.message
            column = self.labels.get(problem.column, problem.column)
            objects.append(ImportProblem(
                job=self.job, row=problem.row, sheet=(self.rows.sheet(problem.row) or "")[:100],
                severity=problem.severity, column=column[:120], message=message, values=values,
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
        self._accepted_rows = None

    def clean(self, row_no, raw):
        record, problems = self.cleaner.business(row_no, raw)
        if record is not None:
            earlier = self.duplicates.earlier_row(record)
            if earlier:
                row, reason = earlier
                problems.append(matching.duplicate_problem(record, self.rows.text(row), reason))
                return None, problems
        return record, problems

    def accepted_rows(self):
        """Rows whose conflicts staff accepted (commit): loaded once, in one query."""
        if self._accepted_rows is None:
            self._accepted_rows = set(
                self.job.conflicts.filter(decision=ImportConflict.Decision.ACCEPTED).values_list("row", flat=True)
            )
        return self._accepted_rows

    def plan(self, records, *, commit):
        problems, creates, updates, conflicts = [], [], [], []
        found = matching.match_businesses(records)
        current = matching.load_current({existing.id for existing, _evidence in found.values()})
        for record in records:
            if record.row not in found:
                creates.append(record)
                continue
            existing, evidence = found[record.row]
            if existing.id in self.seen_existing:
                problems.append(matching.duplicate_problem(
                    record, self.rows.text(self.seen_existing[existing.id]),
                    _("UMKM yang sama di registri: %(evidence)s") % {"evidence": evidence},
                ))
                continue
            self.seen_existing[existing.id] = record.row
            if not self.scope.allows(existing.regency_id):
                problems.append(Problem(record.row, "error", "nib", _(
                    "UMKM ini sudah terdaftar di %(regency)s, di luar wilayah Anda; hubungi staf dinas di sana."
                ) % {"regency": self.regency_names.get(existing.regency_id, existing.regency_id)}))
                continue
            changes = matching.business_changes(record, current[existing.id])
            if changes.conflicts:
                # Where a business is changes only with staff's yes; undecided is no.
                if not commit:
                    conflicts.append(ImportConflict(
                        job=self.job, row=record.row, business_id=existing.id, evidence=evidence,
                        fields=changes.conflicts,
                    ))
                elif record.row not in self.accepted_rows():
                    changes = changes.without_conflicts()
            if changes:
                updates.append((record, existing.id, changes))
            else:
                self.counts["unchanged"] += 1
        self._settle(records, creates, updates, problems, commit=commit)
        insert_objects(ImportConflict, conflicts)
        return problems

    def write(self, creates, updates):
        sectors = kbli_sectors()
        slugs = unique_slugs(Business, [record.name for record in creates])
        ids = insert_rows(Business, BUSINESS_COLUMNS, (
            (
                record.name, record.name_key, slug, record.regency, record.district, record.village, record.nib,
                record.kbli, sectors.get(record.kbli, "") if record.kbli else "", record.business_type,
                record.main_products, record.scale, record.address, record.email, record.sales_channels,
                record.workers, record.founded_year, Business.Status.ACTIVE, _date(record.recorded_on),
            )
            for record, slug in zip(creates, slugs)
        ), count=len(creates))
        self.touched_regencies.update(record.regency for record in creates)
        # Every table's rows are streamed from the records, never held as a list of their own.
        insert_rows(BusinessPrivate, ["business_id", *PRIVATE_FIELDS], (
            (business_id, *_private_values(record).values())
            for record, business_id in zip(creates, ids)
            if record.owner_name or record.nik or record.phones or record.omzet is not None or record.latitude is not None
        ))
        update_certificates, update_changes = [], []
        self._write_updates(updates, update_certificates, update_changes)
        certificates = chain(
            ((business_id, kind, number) for record, business_id in zip(creates, ids) for kind, number in record.certificates.items()),
            ((c.business_id, c.kind, c.number) for c in update_certificates),
        )
        insert_rows(Certification, ["business_id", "kind", "number"], certificates,
                    count=sum(len(record.certificates) for record in creates) + len(update_certificates))
        changes = chain(
            ((self.job.pk, ImportChange.Action.CREATED, record.row, business_id) for record, business_id in zip(creates, ids)),
            ((self.job.pk, c.action, c.row, c.business_id) for c in update_changes),
        )
        insert_rows(ImportChange, ["job_id", "action", "row", "business_id"], changes, count=len(creates) + len(update_changes))

    def _write_updates(self, updates, certificates, changes):
        if not updates:
            return
        sectors = kbli_sectors()
        objects = Business.objects.in_bulk([business_id for _record, business_id, _changes in updates])
        privates = BusinessPrivate.objects.in_bulk([business_id for _r, business_id, c in updates if c.private_fields])
        changed_fields, private_fields, new_privates = set(), set(), []
        renumbered = {}  # (business id, kind) -> the certificate number the registry now gives
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
                renumbered[business_id, kind] = number
            changes.append(ImportChange(job=self.job, action=ImportChange.Action.UPDATED, row=record.row, business_id=business_id))
            self.updated_business_ids.add(business_id)
        if changed_fields:
            Business.objects.bulk_update(list(objects.values()), [*changed_fields, "updated_at"], batch_size=500)
        if private_fields:
            BusinessPrivate.objects.bulk_update(list(privates.values()), list(private_fields), batch_size=500)
        insert_objects(BusinessPrivate, new_privates)
        _renumber_certificates(renumbered)


def _renumber_certificates(renumbered):
    """New numbers for certificates on record: {(business id, kind): number}. One read and one
    batched UPDATE per chunk of businesses, not an UPDATE per certificate."""
    for chunk in chunked(sorted({business_id for business_id, _kind in renumbered})):
        certificates = list(Certification.objects.filter(business_id__in=chunk).only("id", "business_id", "kind", "number"))
        changed = []
        for certificate in certificates:
            number = renumbered.get((certificate.business_id, certificate.kind))
            if number is not None and number != certificate.number:
                certificate.number = number
                changed.append(certificate)
        Certification.objects.bulk_update(changed, ["number"], batch_size=500)


UPDATE_ATTRIBUTES = {**matching.FOREIGN_KEYS, "regency": "regency_id"}


BUSINESS_COLUMNS = [
    "name", "name_key", "slug", "regency_id", "district_id", "village_id", "nib", "kbli_id", "sector", "business_type",
    "main_products", "scale", "address", "email", "sales_channels", "workers", "founded_year", "status", "recorded_on",
]
# An import never writes verified_on: only a verification does (directory.services.business_set_status).


PRIVATE_FIELDS = ["owner_name", "nik", "owner_phone", "owner_phone2", "registry_omzet", "latitude", "longitude"]


def _private_values(record):
    """PRIVATE_FIELDS of a record, in that order."""
    return {
        "owner_name": record.owner_name,
        "nik": record.nik or "",
        "owner_phone": record.phones[0] if record.phones else "",
        "owner_phone2": record.phones[1] if len(record.phones) > 1 else "",
        "registry_omzet": record.omzet,
        "latitude": as_stored(record.latitude),
        "longitude": as_stored(record.longitude),
    }


def _date(iso):
    return datetime.date.fromisoformat(iso) if iso else None


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
                    "Duplikat baris %(earlier)s: produk dengan nama yang sama untuk UMKM yang sama. Baris ini dilewati."
                ) % {"earlier": self.rows.text(self.seen[key])}))
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
