"""One spreadsheet row → one cleaned record, or the reasons it cannot be used.

Each cell goes through registry.cleaning (values) or registry.places (regions); a
problem names the row as Excel shows it and the column as the file wrote it."""

import datetime
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext as _

from directory.models import Certification
from directory.names import name_key
from registry import cleaning
from registry.cleaning import CellProblem

# Certification.Kind.values builds its list anew on every access (6 µs; once per row here).
CERTIFICATE_KINDS = tuple(Certification.Kind.values)


@dataclass(slots=True)
class Problem:
    row: int
    severity: str  # ImportProblem.Severity value
    column: str
    message: str


@dataclass(slots=True)
class BusinessRecord:
    row: int
    name: str
    name_key: str
    regency: str
    district: str | None = None
    village: str | None = None
    nib: str | None = None
    kbli: str | None = None
    business_type: str = ""
    main_products: str = ""
    scale: str = ""
    address: str = ""
    email: str = ""
    sales_channels: str = ""
    workers: int | None = None
    founded_year: int | None = None
    owner_name: str = ""
    nik: str | None = None
    phones: list = field(default_factory=list)
    omzet: int | None = None
    certificates: dict = field(default_factory=dict)  # kind → number ("" when the number is not given)
    latitude: float | None = None
    longitude: float | None = None
    recorded_on: str | None = None  # ISO date of the data (the row's own, else the one given at upload)


@dataclass(slots=True)
class ProductRecord:
    row: int
    name: str
    name_key: str
    category: str  # Category slug
    nib: str | None = None
    business_name: str = ""
    regency: str | None = None
    description: str = ""
    price_min: int | None = None
    price_max: int | None = None
    unit: str = "pcs"
    min_order: int | None = None


def record_to_list(record):
    # Not dataclasses.astuple: it deep-copies every value, a third of the staging time.
    return [getattr(record, name) for name in record.__slots__]


def record_from_list(cls, values):
    return cls(*values)


def record_field_names(cls):
    return [f.name for f in fields(cls)]


class RowCleaner:
    """Cleans the rows of one table. `allows(regency_code)` says whether the uploader may
    import data of that kabupaten/kota (registry staff scope).

    The place staff chose for the whole file fills the empty cells: default_regency the
    kabupaten/kota, default_district the kecamatan (of rows in its kabupaten/kota), default_village
    the desa (of rows in its kecamatan). regency_name_is_blank: a kecamatan cell holding the
    kabupaten/kota's own name means "not given" (so does choosing a kecamatan for the file)."""

    def __init__(
        self, *, columns, places, kbli_codes, allows, default_regency=None, regency_names=None, nik_rounded=False,
        recorded_on=None, default_district=None, default_village=None, regency_name_is_blank=False,
    ):
        # The date of the data staff gave at upload (a date or None): for rows without their own.
        self.recorded_on = recorded_on
        # The file held NIKs as numbers somewhere (cleaning.nik_column_rounded): trust none ending in 0.
        self.nik_rounded = nik_rounded
        self.labels = {c["field"]: c["label"] for c in columns if c["field"]}
        self.places = places
        self.kbli_codes = kbli_codes
        self.allows = allows
        self.default_regency = default_regency
        self.default_district = default_district
        self.default_village = default_village
        self.regency_name_is_blank = regency_name_is_blank
        self.regency_names = regency_names or {}

    def label(self, name):
        return self.labels.get(name, name)

    # Shared steps -------------------------------------------------------------------

    def _formula_problems(self, row_no, raw):
        problems = []
        for name, value in raw.items():
            # A numbering formula (=A7+1) in the NO column harms nothing: that column is not imported.
            if name != "number" and isinstance(value, str) and value.startswith("="):
                problems.append(Problem(row_no, "error", self.label(name), _(
                    "Sel berisi rumus (%(formula)s), bukan nilai. Salin kolom ini lalu Tempel Spesial → Nilai, "
                    "kemudian unggah lagi."
                ) % {"formula": value[:40]}))
        return problems

    def _regency(self, row_no, raw, problems, *, required=True):
        value = raw.get("regency")
        if cleaning.clean_text(value) == "":
            if self.default_regency:
                code = self.default_regency
            elif required:
                problems.append(Problem(row_no, "error", self.label("regency"), _(
                    "Kabupaten/kota kosong. Isi nama kabupaten/kota (mis. Kota Palembang)."
                )))
                return None
            else:
                return None
        else:
            try:
                code = self.places.regency(value)
            except CellProblem as problem:
                problems.append(Problem(row_no, "error", self.label("regency"), problem.message))
                return None
        if not self.allows(code):
            problems.append(Problem(row_no, "error", self.label("regency"), _(
                "Baris ini untuk %(regency)s, di luar wilayah Anda. Anda hanya dapat mengimpor data untuk: %(allowed)s."
            ) % {"regency": self.regency_names.get(code, code), "allowed": self.allowed_names()}))
            return None
        return code

    def allowed_names(self):
        return ", ".join(name for code, name in sorted(self.regency_names.items()) if self.allows(code))

    def _cell(self, row_no, name, problems, function, *args, **kwargs):
        """Run one cleaning function on the `name` cell; a CellProblem becomes a row error."""
        try:
            return function(*args, **kwargs)
        except CellProblem as problem:
            problems.append(Problem(row_no, "error", self.label(name), problem.message))
            return None

    def _warned(self, row_no, name, problems, cleaned):
        if cleaned.warning:
            problems.append(Problem(row_no, "warning", self.label(name), cleaned.warning))
        return cleaned.value

    # Businesses ---------------------------------------------------------------------

    def business(self, row_no, raw):
        """(BusinessRecord or None, problems). None when the row has an error."""
        problems = self._formula_problems(row_no, raw)
        if problems:
            return None, problems
        name = cleaning.clean_person_or_business_name(raw.get("name"))
        if not name:
            problems.append(Problem(row_no, "error", self.label("name"), _(
                "Nama usaha kosong. Isi nama usaha, atau hapus baris ini bila bukan data UMKM."
            )))
        regency = self._regency(row_no, raw, problems)
        record = BusinessRecord(row=row_no, name=name, name_key=name_key(name), regency=regency or "")
        if regency:
            self._place(row_no, raw, record, problems)
        record.nib = self._warned(row_no, "nib", problems, cleaning.clean_nib(raw.get("nib")))
        record.nik = self._warned(row_no, "nik", problems, cleaning.clean_nik(raw.get("nik"), suspect_rounding=self.nik_rounded))
        record.phones = self._warned(row_no, "phone", problems, cleaning.clean_phones(raw.get("phone"))) or []
        record.kbli = self._warned(row_no, "kbli", problems, cleaning.clean_kbli(raw.get("kbli"), self.kbli_codes))
        record.founded_year = self._warned(row_no, "founded_year", problems, cleaning.clean_year(raw.get("founded_year")))
        record.scale = self._cell(row_no, "scale", problems, cleaning.clean_scale, raw.get("scale")) or ""
        record.workers = self._cell(row_no, "workers", problems, cleaning.clean_count, raw.get("workers"))
        if record.workers is None and ("workers_male" in raw or "workers_female" in raw):
            # Men and women in two columns: the business's workers are both.
            parts = [self._cell(row_no, part, problems, cleaning.clean_count, raw.get(part))
                     for part in ("workers_male", "workers_female")]
            counted = [count for count in parts if count is not None]
            record.workers = sum(counted) if counted else None
        if "omzet_millions" in raw and cleaning.clean_text(raw.get("omzet_millions")):
            record.omzet = self._cell(
                row_no, "omzet_millions", problems, cleaning.clean_money, raw.get("omzet_millions"), millions=True
            )
        else:
            record.omzet = self._cell(row_no, "omzet", problems, cleaning.clean_money, raw.get("omzet"))
        record.owner_name = cleaning.clean_person_or_business_name(raw.get("owner_name"))[:200]
        record.business_type = cleaning.clean_business_type(raw.get("business_type"))[:40]
        record.main_products = cleaning.clean_text(raw.get("main_products"))[:300]
        record.address = cleaning.clean_text(raw.get("address"))[:300]
        record.email = self._email(row_no, raw, problems)
        record.sales_channels = ", ".join(cleaning.clean_marketplaces(raw.get("marketplaces")))[:200]
        recorded_on = self._warned(row_no, "recorded_on", problems, cleaning.clean_date_of_data(raw.get("recorded_on")))
        recorded_on = recorded_on or self.recorded_on
        record.recorded_on = recorded_on.isoformat() if recorded_on else None
        self._location(row_no, raw, record, problems)
        for kind in CERTIFICATE_KINDS:  # each kind is also the name of its column's field (registry.columns)
            has, number = cleaning.clean_certificate(raw.get(kind))
            if has:
                record.certificates[kind] = number[:100]
        if len(name) > 200:
            problems.append(Problem(row_no, "error", self.label("name"), _(
                "Nama usaha terlalu panjang (%(length)d huruf, paling banyak 200)."
            ) % {"length": len(name)}))
        if any(p.severity == "error" for p in problems):
            return None, problems
        return record, problems

    def _location(self, row_no, raw, record, problems):
        latitude, longitude, pair = raw.get("latitude"), raw.get("longitude"), raw.get("coordinates")
        if latitude is None and longitude is None and pair is None:
            return
        cleaned = cleaning.clean_location(latitude, longitude, pair)
        if cleaned.warning:
            written = [name for name in ("latitude", "longitude") if cleaning.clean_text(raw.get(name))] or ["coordinates"]
            column = ", ".join(self.label(name) for name in written)
            problems.append(Problem(row_no, "warning", column, cleaned.warning))
        if cleaned.value is not None:
            record.latitude, record.longitude = float(cleaned.value.latitude), float(cleaned.value.longitude)
    def _place(self, row_no, raw, record, problems):
        """Kecamatan and desa of a business in kabupaten/kota record.regency. Only the kecamatan can be
        an error: a desa problem is a warning (the business stays in its kecamatan, or moves to the one
        other kecamatan that has that desa)."""
        regency = record.regency
        file_district = self.default_district if self.default_district and self.default_district[:5] == regency else None
        try:
            district = self.places.district(
                regency, raw.get("district"), regency_name_is_blank=self.regency_name_is_blank or bool(file_district)
            )
        except CellProblem as problem:
            problems.append(Problem(row_no, "error", self.label("district"), problem.message))
            return
        village = raw.get("village")
        district = district or file_district
        if district is None:
            if cleaning.clean_text(village):
                record.village = self.places.village_of_regency(regency, village)
                if record.village:
                    record.district = record.village[:8]
                    problems.append(Problem(row_no, "warning", self.label("village"), _(
                        "Kecamatan kosong: diisi Kecamatan %(district)s, tempat desa/kelurahan %(village)s."
                    ) % {"district": self.places.district_name(record.district), "village": cleaning.clean_text(village)}))
                else:
                    problems.append(Problem(row_no, "warning", self.label("village"), _(
                        "Desa/kelurahan diabaikan karena kecamatannya kosong."
                    )))
            return
        if not cleaning.clean_text(village):
            record.district = district
            if self.default_village and self.default_village[:8] == district:
                record.village = self.default_village
            return
        placed = self.places.place_village(district, village)
        record.district, record.village = placed.district, placed.village
        if placed.warning:
            problems.append(Problem(row_no, "warning", self.label("village"), placed.warning))

    def _email(self, row_no, raw, problems):
        value = cleaning.clean_text(raw.get("email"))
        if not value:
            return ""
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(value)
        except ValidationError:
            problems.append(Problem(row_no, "warning", self.label("email"), _(
                "Email %(value)s tidak valid; dikosongkan."
            ) % {"value": value[:60]}))
            return ""
        return value[:254]

    # Products -----------------------------------------------------------------------

    def product(self, row_no, raw):
        """(ProductRecord or None, problems). The business is found later (registry.matching)."""
        problems = self._formula_problems(row_no, raw)
        if problems:
            return None, problems
        name = cleaning.clean_text(raw.get("name"))
        if not name:
            problems.append(Problem(row_no, "error", self.label("name"), _(
                "Nama produk kosong. Isi nama produk, atau hapus baris ini."
            )))
        elif len(name) > 200:
            problems.append(Problem(row_no, "error", self.label("name"), _(
                "Nama produk terlalu panjang (%(length)d huruf, paling banyak 200)."
            ) % {"length": len(name)}))
        nib = self._warned(row_no, "nib", problems, cleaning.clean_nib(raw.get("nib")))
        business_name = cleaning.clean_person_or_business_name(raw.get("business_name"))
        if not nib and not business_name:
            problems.append(Problem(row_no, "error", self.label("nib"), _(
                "Tidak ada NIB maupun nama usaha: isi salah satu agar produk ini dapat dikaitkan dengan UMKM-nya."
            )))
        regency = self._regency(row_no, raw, problems, required=False) if not nib else None
        category = self._cell(row_no, "category", problems, cleaning.clean_category, raw.get("category"))
        prices = self._cell(row_no, "price", problems, cleaning.clean_price, raw.get("price")) or (None, None)
        unit = self._cell(row_no, "unit", problems, cleaning.clean_unit, raw.get("unit"))
        min_order = self._cell(row_no, "min_order", problems, cleaning.clean_count, raw.get("min_order"))
        if any(p.severity == "error" for p in problems):
            return None, problems
        return ProductRecord(
            row=row_no, name=name, name_key=name_key(name), category=category, nib=nib,
            business_name=business_name, regency=regency,
            description=cleaning.clean_text(raw.get("description")), price_min=prices[0], price_max=prices[1],
            unit=unit or "pcs", min_order=min_order,
        ), problems


def cell_text(value):
    """A raw cell as text, for storing a problem row's values (and the download to fix them)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
