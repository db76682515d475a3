"""The column mapping of an import: which field each column of the file is read as.

Three layers, the later winning: the proposal (registry.headers from the header words, then
registry.guessing from a sample of the values), a saved format whose headers match the file
(registry.models.ImportFormat), and staff's own choice on the preview page (ImportJob.mapping).
A mapping, stored or saved, is {"fields": {"<column index>": "<field>" or ""}, "name_parts":
[column indexes]}: "" ignores a column; name_parts compose the business's name from several
columns, in column order ("Warung Makan" + "Bu Ratna").
"""

import hashlib

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from regions.models import District, Regency, RegencyAlias
from regions.names import place_key
from registry.columns import FIELDS, REQUIRED, header_key
from registry.guessing import propose
from registry.models import ImportFormat, ImportJob
from registry.places import regency_key
from registry.records import cell_text

SAMPLE_ROWS = 200  # rows read to judge the values: enough to see, cheap on a 100,000-row file
SHOWN_SAMPLES = 5
# The index of the composed name's column: past any real column (Excel stops at 16,384), so the
# row reader finds no cell there and takes the composed value (registry.rows).
COMPOSED_INDEX = 100_000
# Fields staff may give several columns: the name's parts are composed.
REPEATABLE = {"name"}


def sample_text(value):
    return cell_text(value).strip()[:60]


def header_signature(headers):
    """The same for two files whose header rows read the same (case, spacing, punctuation aside)."""
    return hashlib.sha256("\x1f".join(header_key(header) for header in headers).encode()).hexdigest()


def map_columns(job, table):
    """Give the table the fields its columns are read as, for this job; returns the ImportFormat
    applied (None when staff's own mapping or the proposal alone decided)."""
    rows = table.sample(SAMPLE_ROWS)
    proposed = propose(table.columns, rows, job.kind, place_kind=PlaceKinds(job).of)
    mapping, source, applied = job.mapping, "staff", None
    if not mapping:
        applied = (
            ImportFormat.objects.filter(kind=job.kind, signature=header_signature(c.header for c in table.columns))
            .order_by("-created_at").first()
        )
        mapping, source = (applied.mapping, "format") if applied else ({}, "")
    columns, name_parts = apply_mapping(proposed, mapping, source, job.kind)
    shown = rows[:SHOWN_SAMPLES]
    columns = [c._replace(samples=tuple(sample_text(row[c.index] if c.index < len(row) else None) for row in shown))
               for c in columns]
    if name_parts:
        columns.append(composed_name_column(columns, name_parts, source))
    table.use_columns(columns, name_parts)
    return applied


def apply_mapping(columns, mapping, source, kind):
    """(columns with the mapping's fields, the name's parts). A column keeps the proposal's
    reason when the mapping gives it the field proposed. Fields this kind does not know are
    ignored; a field given twice goes to the first column (the form refuses that before it is
    stored; a saved format is trusted no further), except the name: several name columns are
    its parts."""
    fields = (mapping or {}).get("fields") or {}
    known = FIELDS[kind]
    result, taken = [], set()
    parts = set((mapping or {}).get("name_parts") or [])
    for column in columns:
        key = str(column.index)
        if key in fields:
            field = fields[key] or None
            if field in REPEATABLE and field in taken:
                parts.add(column.index)
                field = None
            elif field not in known or field in taken:
                field = None
            if field is None:
                why = _("Diabaikan atas pilihan staf.") if source == "staff" else _("Diabaikan menurut format.")
                column = column._replace(field=None, source="", note="" if column.index in parts else why)
            elif field != column.field:
                column = column._replace(field=field, source=source, note="")
        if column.field:
            taken.add(column.field)
        result.append(column)
    parts &= {c.index for c in result}
    if parts:
        # The column chosen as the name is one of the parts.
        parts |= {c.index for c in result if c.field == "name"}
    if len(parts) == 1:
        # One part alone is simply the name.
        only = next(iter(parts))
        return [c._replace(field="name", source=c.source or source, note="") if c.index == only
                else c._replace(field=None, source="") if c.field == "name" else c for c in result], []
    result = [c._replace(field=None, note=_("Bagian dari nama usaha."), source="") if c.index in parts and
              c.field == "name" else c for c in result]
    return result, sorted(parts)


def composed_name_column(columns, name_parts, source):
    by_index = {c.index: c for c in columns}
    parts = [by_index[index] for index in name_parts]
    samples = tuple(
        " ".join(part.samples[row] for part in parts if row < len(part.samples) and part.samples[row]).strip()
        for row in range(max(len(part.samples) for part in parts))
    )
    return parts[0]._replace(
        index=COMPOSED_INDEX, letter=" + ".join(part.letter for part in parts),
        header=" + ".join(part.header or part.letter for part in parts), field="name",
        note=_("Nama usaha disusun dari kolom %(columns)s.") % {"columns": ", ".join(p.letter for p in parts)},
        named="name", source=source, samples=samples, parts=tuple(name_parts),
    )


def missing_name_message(kind, columns):
    """Why a file whose header has no name column stops before anything is staged, and what to do."""
    if REQUIRED[kind] <= {c["field"] for c in columns}:
        return ""
    if kind == "product":
        return _(
            "Tidak ada kolom nama produk di judul kolom berkas ini. Di bagian 'Kolom berkas' di bawah, pilih "
            "'Nama produk' untuk kolom yang berisi nama produk, lalu klik 'Baca ulang dengan pemetaan ini' (tidak "
            "perlu mengunggah lagi). Bila berkas ini berisi data UMKM, unggah lagi dengan jenis data 'Data UMKM'."
        )
    return _(
        "Tidak ada kolom nama usaha di judul kolom berkas ini. Di bagian 'Kolom berkas' di bawah, pilih 'Nama "
        "usaha' untuk kolom yang berisi nama usaha; atau centang 'Bagian nama' pada beberapa kolom (misalnya "
        "Jenis Usaha dan Nama Pemilik) untuk menyusun nama seperti 'Warung Makan Bu Ratna' (contoh hasilnya "
        "tampil sebelum dibaca ulang). Lalu klik 'Baca ulang dengan pemetaan ini'; tidak perlu mengunggah lagi."
    )


def mapping_of_columns(columns):
    """The mapping the job's columns (ImportJob.columns) show, to save as a format or to start
    the form from."""
    fields = {str(c["index"]): c["field"] for c in columns if c.get("index") is not None and c["index"] != COMPOSED_INDEX}
    parts = next((c.get("parts") or [] for c in columns if c.get("index") == COMPOSED_INDEX), [])
    return {"fields": fields, "name_parts": list(parts)}


def columns_without_samples(columns):
    """ImportJob.columns once the file is gone (import done or cancelled): no cell of it is kept."""
    return [{**c, "samples": []} if c.get("samples") else c for c in columns]


def file_columns(columns):
    """The columns of the file itself (the composed name aside), as ImportJob.columns keeps them."""
    return [c for c in columns if c.get("index") is not None and c["index"] != COMPOSED_INDEX]


class PlaceKinds:
    """Whether a column of place names holds kecamatan or kabupaten/kota names of the portal's
    province (for a `Wilayah` column): two small queries, made only when such a column exists."""

    def __init__(self, job):
        self.job = job

    def of(self, values):
        names = [value for value in values if isinstance(value, str) and value.strip()]
        if not names:
            return None
        regencies = {}
        for code, name, short in Regency.objects.in_portal().values_list("code", "name", "short_name"):
            for written in (name, short):
                if written:
                    regencies[regency_key(written)] = code
        for code, normalized in RegencyAlias.objects.filter(regency__in=list(regencies.values())).values_list(
            "regency_id", "normalized"
        ):
            regencies.setdefault(regency_key(normalized), code)
        districts = District.objects.filter(regency__in=list(set(regencies.values())))
        if self.job.default_regency_id:
            districts = districts.filter(regency_id=self.job.default_regency_id)
        district_keys = {place_key(name) for name in districts.values_list("name", flat=True)}
        in_districts = sum(1 for name in names if place_key(name) in district_keys)
        in_regencies = sum(1 for name in names if regency_key(name) in regencies)
        if max(in_districts, in_regencies) < len(names) / 2:
            return None
        return "district" if in_districts >= in_regencies else "regency"


def import_format_create(*, job, name, user):
    """Save the mapping of a previewed job's columns as a format named `name`. Returns
    (ImportFormat, "") or (None, why not): a name already used is refused, never overwritten."""
    name = " ".join(name.split())
    taken = _("Nama format '%(name)s' sudah dipakai; pilih nama lain (format lama tidak diubah).") % {"name": name}
    if ImportFormat.objects.filter(kind=job.kind, name__iexact=name).exists():
        return None, taken
    columns = file_columns(job.columns)
    try:
        with transaction.atomic():
            saved = ImportFormat.objects.create(
                name=name, kind=job.kind, signature=header_signature(c["header"] for c in columns),
                headers=[c["header"] for c in columns], mapping=mapping_of_columns(job.columns), created_by=user,
            )
    except IntegrityError:  # the same name saved a moment ago
        return None, taken
    ImportJob.objects.filter(pk=job.pk).update(applied_format=saved)
    job.applied_format = saved
    return saved, ""
