"""registry.cleaning: every way a registry writes a value becomes what the portal stores.

Two kinds of tests: the odd spellings one by one (parametrised), and the four sample
registries in tests/fixtures/samples read cell by cell and compared with expected.json —
its spot checks (raw cells and the clean values they must become), every row it lists
with a quirk (NIK rounded by Excel, NIB without its leading zero, …), the near-duplicate
pairs, and the product rows it rejects for their price or unit.

The sample readers at the top are shared with tests/test_import_places.py."""

import csv
import datetime
import functools
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from directory.names import name_key as directory_name_key
from registry.cleaning import (
    BUSINESS_TYPES,
    CATEGORY_SLUGS,
    MARKETPLACES,
    UNITS,
    CellProblem,
    Cleaned,
    clean_business_type,
    clean_category,
    clean_certificate,
    clean_count,
    clean_date_of_data,
    clean_kbli,
    clean_marketplaces,
    clean_money,
    clean_nib,
    clean_nik,
    clean_person_or_business_name,
    clean_phones,
    clean_price,
    clean_scale,
    clean_text,
    clean_unit,
    clean_year,
    name_key,
    names_similar,
    nik_column_rounded,
)

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
SUMSEL = "registry_sumsel_dinas_2024.xlsx"
PALEMBANG = "registry_kota_palembang_2023.csv"
OKU_TIMUR = "registry_oku_timur_minimal.xlsx"
TEMPLATE = "products_template.xlsx"
KBLI_CODES = Path(__file__).parent.parent / "fixtures" / "kbli" / "kbli2020_codes.csv"


# ---------------------------------------------------------------------------- reading the samples


@functools.cache
def expected(name=None):
    files = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["files"]
    return files[name] if name else files


def _header_key(text):
    return " ".join(str(text).split()).upper()


@functools.cache
def sample_table(name, sheet=None):
    """(columns, rows) of a sample: columns maps a header as written (upper-cased, single-spaced)
    to its index; rows maps the row number as Excel shows it (the record number for the CSV)
    to its cells."""
    if name.endswith(".csv"):
        with open(SAMPLES / name, encoding="cp1252", newline="") as handle:
            records = list(csv.reader(handle, delimiter=";"))
        headers, first = records[0], expected(name)["first_data_row"]
        rows = {number: record for number, record in enumerate(records, start=1) if number >= first}
        return {_header_key(h): i for i, h in enumerate(headers)}, rows
    workbook = openpyxl.load_workbook(SAMPLES / name, read_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        all_rows = {number: row for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1)}
    finally:
        workbook.close()
    figures = expected(name)["products"] if sheet == "PRODUK" else expected(name)
    header_rows = figures.get("header_rows") or [figures["header_row"]]
    columns = {}
    for number in header_rows:  # the lower header row names the sub-columns of a merged group
        for index, header in enumerate(all_rows[number]):
            if header is not None:
                columns[_header_key(header)] = index
    first = figures["first_data_row"]
    last = figures.get("last_data_row", max(all_rows))
    return columns, {number: row for number, row in all_rows.items() if first <= number <= last}


def cell(name, number, header, sheet=None):
    columns, rows = sample_table(name, sheet)
    row = rows[number]
    index = columns[_header_key(header)]
    return row[index] if index < len(row) else None


def valid_rows(name, sheet=None):
    """Row numbers of the data rows the import must keep (not rejected, not blank, not a section)."""
    figures = expected(name)["products"] if sheet == "PRODUK" else expected(name)
    skipped = {r["row"] for r in figures["rejected_rows"]} | set(figures.get("blank_rows", []))
    skipped |= {r["row"] for r in figures.get("section_rows", [])}
    _columns, rows = sample_table(name, sheet)
    return [number for number in rows if number not in skipped]


@functools.cache
def kbli_codes():
    with open(KBLI_CODES, encoding="utf-8", newline="") as handle:
        return frozenset(row["code"] for row in csv.DictReader(handle) if row["level"] == "kelompok")


# Per file: the header of each column the spot checks use (None: the file has no such column).
COLUMNS = {
    SUMSEL: {
        "nama_usaha": "NAMA USAHA", "nama_pemilik": "NAMA PEMILIK", "nik": "NIK PEMILIK", "nib": "NIB",
        "jenis_usaha": "JENIS USAHA", "kbli": "KBLI", "skala": "SKALA", "kabkota": "KABUPATEN/KOTA",
        "kecamatan": "KECAMATAN", "desa": "DESA/KELURAHAN", "phone": "NO HP", "omzet_per_bulan": "OMZET PER BULAN (Rp)",
        "tenaga_kerja": "TENAGA KERJA", "tahun_berdiri": "TAHUN BERDIRI", "halal": "HALAL", "pirt": "P-IRT",
        "bpom": "BPOM", "marketplaces": "MARKETPLACE",
    },
    PALEMBANG: {
        "nama_usaha": "Nama Usaha", "nama_pemilik": "Nama Pemilik", "nik": "NIK", "nib": "NIB",
        "kecamatan": "Kecamatan", "phone": "No. HP", "jenis_usaha": "Jenis Usaha",
        "omzet_per_bulan": "Omzet/Bulan (Juta Rp)", "tenaga_kerja": "Jumlah Tenaga Kerja",
        "tahun_berdiri": "Tahun Mulai Usaha", "halal": "Sertifikat Halal",
    },
    OKU_TIMUR: {
        "nama_usaha": "nama_usaha", "nama_pemilik": "pemilik", "nib": "nib", "kecamatan": "kecamatan", "desa": "desa",
        "phone": "no_hp",
    },
}
MILLIONS = {PALEMBANG}  # its omzet header says the unit is juta


def file_cell(name, number, field):
    return cell(name, number, COLUMNS[name][field])


@functools.cache
def suspect_rounding(name):
    """nik_column_rounded over the file's NIK column, as the import does once per file."""
    _columns, rows = sample_table(name)
    return nik_column_rounded(file_cell(name, number, "nik") for number in rows)


def cleaned_value(name, field, value):
    """What the cleaning function for `field` makes of a cell of file `name`, in expected.json's terms."""
    if field in ("nama_usaha", "nama_pemilik"):
        return clean_person_or_business_name(value)
    if field == "nik":
        return clean_nik(value, suspect_rounding=suspect_rounding(name)).value
    if field == "nib":
        return clean_nib(value).value
    if field == "kbli":
        return clean_kbli(value, kbli_codes()).value
    if field == "jenis_usaha":
        return clean_business_type(value)
    if field == "skala":
        return clean_scale(value)
    if field == "omzet_per_bulan":
        return clean_money(value, millions=name in MILLIONS)
    if field == "tenaga_kerja":
        return clean_count(value)
    if field == "tahun_berdiri":
        return clean_year(value).value
    if field == "marketplaces":
        return clean_marketplaces(value)
    raise KeyError(field)


def spot_checks(files=(SUMSEL, PALEMBANG, OKU_TIMUR)):
    return [pytest.param(name, check, id=f"{name.split('_')[1]}-row{check['row']}")
            for name in files for check in expected(name)["spot_checks"]]


# ---------------------------------------------------------------------------- the samples


def test_sample_readers_find_the_rows_expected_json_describes():
    for name in (SUMSEL, PALEMBANG, OKU_TIMUR):
        figures = expected(name)
        assert len(valid_rows(name)) == figures["distinct_valid_businesses"], name
        for check in figures["spot_checks"]:
            _columns, rows = sample_table(name)
            raw = [c.isoformat() if isinstance(c, datetime.datetime) else c for c in rows[check["row"]]]
            assert raw[:len(check["cells"])] == check["cells"], (name, check["row"])
    assert len(valid_rows(SUMSEL, "PRODUK")) == expected(SUMSEL)["products"]["valid_products"]
    assert len(valid_rows(TEMPLATE)) == expected(TEMPLATE)["valid_products"]


@pytest.mark.parametrize("name, check", spot_checks())
def test_spot_checks(name, check):
    """Every value of a spot check that a cleaning function produces matches expected.json."""
    want = check["expected"]
    for field in COLUMNS[name]:
        if field in ("kabkota", "kecamatan", "desa", "phone", "halal", "pirt", "bpom"):
            continue  # regions: test_import_places.py; phones and certificates: below
        if field not in want:
            continue
        got = cleaned_value(name, field, file_cell(name, check["row"], field))
        wanted = (want[field] or "").lower() if field == "skala" else want[field]  # "Mikro" → Scale "mikro"
        assert got == wanted, (field, file_cell(name, check["row"], field))


@pytest.mark.parametrize("name, check", spot_checks())
def test_spot_check_phones(name, check):
    want = check["expected"]
    phones = clean_phones(file_cell(name, check["row"], "phone"))
    assert phones.warning == ""
    assert phones.value == [p for p in (want["phone"], want.get("phone2")) if p]


@pytest.mark.parametrize("name, check", spot_checks((SUMSEL, PALEMBANG)))
def test_spot_check_certificates(name, check):
    want = check["expected"]
    for kind in ("halal", "pirt", "bpom"):
        if kind not in want:
            continue
        value = file_cell(name, check["row"], kind)
        has, number = clean_certificate(value)
        if kind == "bpom" and want[kind] is None:
            # The generator writes "Belum"/"Tidak" for a BPOM it records as unknown: not held, either way.
            assert not has, (kind, value)
        else:
            assert has is want[kind], (kind, value)
        # "ADA" for a certificate whose number the registry did not copy: the number cannot be known.
        shown = want.get(f"{kind}_no") if want.get(f"{kind}_no") and want[f"{kind}_no"] in clean_text(value) else ""
        assert number == shown, (kind, value)


def _quirk_rows(name, quirk):
    rows = expected(name)["rows_with_quirk"].get(quirk, [])
    assert rows, f"{name} lists no {quirk} rows"
    return rows


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG])
def test_every_nik_rounded_by_excel_is_dropped_with_a_warning(name):
    for number in _quirk_rows(name, "nik_precision_lost"):
        result = clean_nik(file_cell(name, number, "nik"), suspect_rounding=suspect_rounding(name))
        assert result.value is None, number
        assert "NIK" in result.warning and "Excel" in result.warning, number


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG])
def test_every_missing_nik_is_none_without_a_warning(name):
    for number in _quirk_rows(name, "nik_missing"):
        assert clean_nik(file_cell(name, number, "nik"), suspect_rounding=suspect_rounding(name)) == Cleaned(None)


def test_nik_rounding_is_suspected_only_in_a_file_that_shows_it():
    assert suspect_rounding(PALEMBANG)  # "1,67115E+15" in its NIK column
    assert not suspect_rounding(SUMSEL)  # numbers there are number cells; its text cells are exact
    assert not nik_column_rounded(["1671071612800078", "'1603092502900297", None, "-"])


def test_text_niks_of_the_provincial_file_are_kept():
    """Its text cells are formatted as text: a NIK there ending in 0 is a real one."""
    kept = [number for number in valid_rows(SUMSEL)
            if isinstance(file_cell(SUMSEL, number, "nik"), str) and clean_text(file_cell(SUMSEL, number, "nik"))]
    assert len(kept) > 700
    for number in kept:
        assert re.fullmatch(r"\d{16}", clean_nik(file_cell(SUMSEL, number, "nik")).value or ""), number


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG])
def test_every_nib_without_its_leading_zero_gets_it_back(name):
    for number in _quirk_rows(name, "nib_leading_zero_lost"):
        result = clean_nib(file_cell(name, number, "nib"))
        assert result.warning == "" and re.fullmatch(r"0\d{12}", result.value), number


def test_every_nib_left_as_float_text_is_read():
    for number in _quirk_rows(SUMSEL, "nib_float_text"):
        value = file_cell(SUMSEL, number, "nib")
        assert value.endswith(".0")
        assert re.fullmatch(r"\d{13}", clean_nib(value).value), number


def test_every_nib_excel_showed_in_scientific_notation_is_dropped_with_a_warning():
    for number in _quirk_rows(PALEMBANG, "nib_precision_lost"):
        result = clean_nib(file_cell(PALEMBANG, number, "nib"))
        assert result.value is None and "NIB rusak oleh Excel" in result.warning, number


def test_every_nib_typed_as_a_number_is_read():
    for number in _quirk_rows(OKU_TIMUR, "nib_as_number"):
        value = file_cell(OKU_TIMUR, number, "nib")
        assert isinstance(value, int)
        assert clean_nib(value) == Cleaned(str(value).zfill(13)), number


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG, OKU_TIMUR])
def test_every_phone_without_its_leading_zero_is_read(name):
    for number in _quirk_rows(name, "phone_leading_zero_lost"):
        result = clean_phones(file_cell(name, number, "phone"))
        assert result.warning == "" and len(result.value) == 1 and result.value[0].startswith("+628"), number


def test_every_kbli_without_its_leading_zero_gets_it_back():
    for number in _quirk_rows(SUMSEL, "kbli_leading_zero_lost"):
        value = file_cell(SUMSEL, number, "kbli")
        assert isinstance(value, int)
        assert clean_kbli(value, kbli_codes()) == Cleaned(str(value).zfill(5)), number


def test_every_year_written_as_a_date_is_read():
    for number in _quirk_rows(SUMSEL, "year_as_date"):
        value = file_cell(SUMSEL, number, "tahun_berdiri")
        assert isinstance(value, datetime.datetime)
        assert clean_year(value) == Cleaned(value.year), number


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG, OKU_TIMUR])
def test_every_valid_row_cleans_without_a_problem(name):
    """No CellProblem, no warning but the expected ones, and values in their canonical sets."""
    warned = {"nik": set(expected(name)["rows_with_quirk"].get("nik_precision_lost", [])),
              "nib": set(expected(name)["rows_with_quirk"].get("nib_precision_lost", []))}
    for number in valid_rows(name):
        for field in COLUMNS[name]:
            if field in ("kabkota", "kecamatan", "desa"):
                continue
            value = file_cell(name, number, field)
            if field == "phone":
                assert clean_phones(value).warning == "", (number, field)
            elif field in ("halal", "pirt", "bpom"):
                has, _number = clean_certificate(value)
                assert (has is None) == (clean_text(value) == ""), (number, field, value)
            elif field == "nik":
                result = clean_nik(value, suspect_rounding=suspect_rounding(name))
                assert bool(result.warning) == (number in warned["nik"] or (
                    suspect_rounding(name) and isinstance(value, str) and value.endswith("0"))), (number, value)
            elif field == "nib":
                assert bool(clean_nib(value).warning) == (number in warned["nib"]), (number, value)
            elif field in ("kbli", "tahun_berdiri"):
                result = clean_kbli(value, kbli_codes()) if field == "kbli" else clean_year(value)
                assert result.warning == "", (number, field, value)
            else:
                got = cleaned_value(name, field, value)
                if field == "jenis_usaha":
                    assert got in BUSINESS_TYPES, (number, value)
                elif field == "marketplaces":
                    assert set(got) <= set(MARKETPLACES), (number, value)


@pytest.mark.parametrize("name", [SUMSEL, PALEMBANG])
def test_omzet_of_every_valid_row_is_rupiah(name):
    amounts = [cleaned_value(name, "omzet_per_bulan", file_cell(name, n, "omzet_per_bulan")) for n in valid_rows(name)]
    filled = [a for a in amounts if a is not None]
    assert len(filled) > 0.8 * len(amounts)
    assert all(100_000 <= a <= 5_000_000_000 and a % 10_000 == 0 for a in filled)


def test_scale_counts_match_expected():
    figures = expected(SUMSEL)
    scales = Counter(clean_scale(file_cell(SUMSEL, n, "skala")) or "(blank)" for n in valid_rows(SUMSEL))
    assert scales == {k.lower() if k != "(blank)" else k: v for k, v in figures["businesses_per_skala"].items()}


# ---------------------------------------------------------------------------- near duplicates


def _near_duplicate_pairs():
    return [(r["row"], r["of_row"]) for r in expected(SUMSEL)["rejected_rows"] if r["reason"] == "near_duplicate"]


def test_every_near_duplicate_name_is_similar_to_its_original():
    pairs = _near_duplicate_pairs()
    assert len(pairs) == 24
    for row, of_row in pairs:
        again, first = file_cell(SUMSEL, row, "nama_usaha"), file_cell(SUMSEL, of_row, "nama_usaha")
        assert names_similar(again, first), (again, first)
        assert names_similar(first, again), (first, again)


def test_no_two_distinct_businesses_with_one_phone_have_similar_names():
    """Among the rows the import keeps, a phone shared by two of them never comes with similar names."""
    first_row = {of_row for _row, of_row in _near_duplicate_pairs()}
    kept = valid_rows(SUMSEL)
    by_phone = {}
    for number in kept:
        for phone in clean_phones(file_cell(SUMSEL, number, "phone")).value:
            by_phone.setdefault(phone, []).append(number)
    for numbers in by_phone.values():
        for a, b in itertools.combinations(numbers, 2):
            assert not names_similar(file_cell(SUMSEL, a, "nama_usaha"), file_cell(SUMSEL, b, "nama_usaha")), (a, b)
    assert first_row <= set(kept)


@pytest.mark.parametrize("a, b", [
    ("Pempek Cek Ani", "Empek-Empek Cek Ani"), ("Pempek Cek Ani", "Pempek2 Cek Ani"), ("Pempek Cek Ani", "Pempek Cik Ani"),
    ("Lemang Wak Udin", "Lemang Wa' Udin"), ("Kerupuk Ikan Ani", "Krupuk Ikan Ani"),
    ("Rumah Makan Pindang Ani", "RM Pindang Ani"),
    ("Toko Ani Jaya", "Tk. Ani Jaya"), ("Laundry Rudi", "Laundri Rudi"), ("Toko Ani Jaya", "Toko Ani Jaya Abadi"),
    ("Kemplang Ani", "Kemplang Panggang Ani"), ("Kelompok Tani Maju", "Poktan Maju"),
    ("Pempek Cek Ani", "UD Pempek Cek Ani"), ("Pempek Cek Ani", "UD. Pempek Cek Ani"),
    ("Pempek Cek Ani", "Usaha Pempek Cek Ani"),
    ("Pempek Cek Ani", "UMKM Pempek Cek Ani"), ("Pempek Cek Ani", "Pempek Cek Ani'"), ("Pempek Cek Ani", "Pempek  Cek Ani"),
    ("Pempek Cek Ani", "Pempek Cek Anni"), ("Pempek Cek Ani", "Pempek Ck Ani"), ("Pempek Cek Ani", "Pempke Cek Ani"),
    ("PEMPEK CEK ANI", "Pempek Cek Ani\u00a0"), ("Galeri Songket Halimah", "Galeri Songket Halimoh"),
])
def test_names_similar(a, b):
    assert names_similar(a, b) and names_similar(b, a)


@pytest.mark.parametrize("a, b", [
    ("Pempek Cek Ani", "Kopi Cek Ani"), ("Pempek Cek Ani", "Pempek Cek Ina"), ("Toko Ani", "Warung Ani"),
    ("Toko Ani", "Toko Ari"), ("Pempek Cek Ani", "Pempek Cek Ani 2"), ("Laundry Rudi", "Bengkel Rudi"),
    ("Pempek Budi", "Pempek Rudi"), ("Kerupuk Dewi", "Kerupuk Desi"),
    ("Kue Ani", "Kue Ani Bakery Sejahtera"), ("", "Pempek"), ("Pempek", ""),
])
def test_names_not_similar(a, b):
    assert not names_similar(a, b)


def test_name_key():
    assert name_key("UD. Pempek\u00a0 Cek-Ani (Plaju)") == name_key("ud pempek cek ani plaju") == "ud pempek cek ani plaju"
    assert name_key("Nu’man's") == "numans"
    assert name_key(None) == ""


def test_name_key_is_the_key_business_save_stores():
    names = [cell(SUMSEL, n, header) for n in sample_table(SUMSEL)[1] for header in ("NAMA USAHA", "NAMA PEMILIK")]
    names += ["UD. Pempek\u00a0 Cek-Ani (Plaju)", "  Kopi\tSemendo  ", "Café “Ampera”", "-", "", None]
    assert len(names) > 2000
    for name in names:
        assert name_key(name) == directory_name_key(name), name


# ---------------------------------------------------------------------------- products


def test_produk_sheet_prices_units_and_categories():
    ranges = missing = 0
    for number in valid_rows(SUMSEL, "PRODUK"):
        low, high = clean_price(cell(SUMSEL, number, "HARGA (Rp)", "PRODUK"))
        ranges += high is not None
        missing += low is None
        assert clean_unit(cell(SUMSEL, number, "SATUAN", "PRODUK")) in ("pcs", "kg", "bungkus", "lembar"), number
        assert clean_category(cell(SUMSEL, number, "KATEGORI", "PRODUK")) in set(CATEGORY_SLUGS.values()), number
    assert ranges == expected(SUMSEL)["products"]["price_range_rows"]
    assert missing == expected(SUMSEL)["products"]["price_missing_rows"]


def _template_rejected(reason):
    rows = [r["row"] for r in expected(TEMPLATE)["rejected_rows"] if r["reason"] == reason]
    assert rows
    return rows


def test_template_rows_with_an_invalid_price_are_refused():
    for number in _template_rejected("invalid_harga"):
        with pytest.raises(CellProblem) as problem:
            clean_price(cell(TEMPLATE, number, "harga"))
        assert "Harga" in problem.value.message


def test_template_rows_with_an_invalid_unit_are_refused():
    for number in _template_rejected("invalid_satuan"):
        with pytest.raises(CellProblem) as problem:
            clean_unit(cell(TEMPLATE, number, "satuan"))
        assert "Satuan" in problem.value.message and "pcs" in problem.value.message


def test_valid_template_rows_clean():
    allowed = set(expected(TEMPLATE)["allowed_units"])
    for number in valid_rows(TEMPLATE):
        low, _high = clean_price(cell(TEMPLATE, number, "harga"))
        assert low and low > 0, number
        assert clean_unit(cell(TEMPLATE, number, "satuan")) in allowed, number
        assert clean_category(cell(TEMPLATE, number, "kategori")) in set(CATEGORY_SLUGS.values()), number


# ---------------------------------------------------------------------------- spellings one by one


@pytest.mark.parametrize("value, text", [
    (None, ""), ("", ""), ("-", ""), ("–", ""), ("—", ""), ("  ", ""), ("\u00a0", ""), ("0", "0"),
    ("  Pempek\u00a0 Cek   Ani \u00a0", "Pempek Cek Ani"), ("a\u200bb", "ab"), (12, "12"), (5.0, "5"),
    (datetime.datetime(2023, 5, 1), "2023-05-01"),
])
def test_clean_text(value, text):
    assert clean_text(value) == text


@pytest.mark.parametrize("value, name", [
    ("LEMANG YUK FATIMAH", "Lemang Yuk Fatimah"), ("H. RUDI NU’MAN", "H. Rudi Nu’man"), ("AGUS ANWAR", "Agus Anwar"),
    ("UD ZULKIFLI INDAH", "UD Zulkifli Indah"), ("RM PINDANG CEK ANI II", "RM Pindang Cek Ani II"),
    ("KUB KOPI SEMENDO", "KUB Kopi Semendo"), ("CV SRIWIJAYA", "CV Sriwijaya"), ("PT MUSI", "PT Musi"),
    ("EMPEK-EMPEK CIK ANI", "Empek-Empek Cik Ani"), ("HJ. SITI AMINAH ", "Hj. Siti Aminah"),
    ("Pempek cek ANI", "Pempek cek ANI"), ("pempek cek ani", "pempek cek ani"), ("Kopi Semendo 88", "Kopi Semendo 88"),
    ("KEDAI 88", "Kedai 88"), ("-", ""), (None, ""),
])
def test_clean_person_or_business_name(value, name):
    assert clean_person_or_business_name(value) == name


@pytest.mark.parametrize("value, nib", [
    (9121927297309, "9121927297309"), (9121927297309.0, "9121927297309"), (223804007594, "0223804007594"),
    ("223804007594", "0223804007594"), ("9127904095870.0", "9127904095870"), ("9120 4514 15745", "9120451415745"),
    ("912 045 141 5745", "9120451415745"), ("9127904095870 ", "9127904095870"), ("9127904095870\u00a0", "9127904095870"),
    ("'9127904095870", "9127904095870"), ("NIB 9127904095870", "9127904095870"),
])
def test_clean_nib(value, nib):
    assert clean_nib(value) == Cleaned(nib)


@pytest.mark.parametrize("value", [None, "", "-", "Belum ada", "proses", "BELUM", "tidak ada"])
def test_clean_nib_not_yet(value):
    assert clean_nib(value) == Cleaned(None)


@pytest.mark.parametrize("value, shown", [
    ("9,12045E+12", "9,12045E+12"), ("9.12045E+12", "9.12045E+12"), (9120450000000, "9120450000000"),
    (9120451415745.5, "9120451415745.5"), ("123456", "123456"), ("91204514157451", "91204514157451"), ("abc", "abc"),
])
def test_clean_nib_unusable(value, shown):
    result = clean_nib(value)
    assert result.value is None and "NIB" in result.warning and shown in result.warning


@pytest.mark.parametrize("value, nik", [
    ("1603092502900297", "1603092502900297"), ("'1603092502900297", "1603092502900297"),
    ("1603 0925 0290 0297", "1603092502900297"), (" 1603092502900297\u00a0", "1603092502900297"),
    ("1671165503610100", "1671165503610100"),
])
def test_clean_nik(value, nik):
    assert clean_nik(value) == Cleaned(nik)


@pytest.mark.parametrize("value", [1603160305640090, 1603160305640090.0, "1,67115E+15", "1.67115E+15"])
def test_clean_nik_rounded_by_excel(value):
    result = clean_nik(value)
    assert result.value is None
    assert result.warning.startswith("NIK rusak oleh Excel") and "15 digit" in result.warning
    assert "1603" not in result.warning  # a NIK is never repeated in a message


def test_clean_nik_ending_in_zero_in_a_file_excel_rounded():
    result = clean_nik("1671165503610100", suspect_rounding=True)
    assert result.value is None and "Excel" in result.warning
    assert clean_nik("1671165503610107", suspect_rounding=True) == Cleaned("1671165503610107")


@pytest.mark.parametrize("value", ["160309250290029", "16030925029002970", "KTP hilang"])
def test_clean_nik_wrong_length(value):
    result = clean_nik(value)
    assert result.value is None and result.warning.startswith("NIK harus 16 angka")


@pytest.mark.parametrize("value", [None, "", "-", "belum ada"])
def test_clean_nik_missing(value):
    assert clean_nik(value) == Cleaned(None)


@pytest.mark.parametrize("value, phones", [
    (81361103919, ["+6281361103919"]), (81361103919.0, ["+6281361103919"]), ("6281361103919", ["+6281361103919"]),
    ("+62 812-3456-7890", ["+6281234567890"]), ("0812 3456 7890", ["+6281234567890"]),
    ("0852-4693-6285", ["+6285246936285"]), ("0812-3456-7890 (WA)", ["+6281234567890"]),
    ("WA: 0812-3456-7890", ["+6281234567890"]), ("(0711) 123456", ["+62711123456"]), ("0711-123456", ["+62711123456"]),
    ("0711 - 352525", ["+62711352525"]), ("0818123456/0882123456", ["+62818123456", "+62882123456"]),
    ("0818123456 / 0882123456", ["+62818123456", "+62882123456"]),
    ("0818123456, 0882123456", ["+62818123456", "+62882123456"]),
    ("0818123456 - 0882123456", ["+62818123456", "+62882123456"]), ("0818123456 / 0818123456", ["+62818123456"]),
    (None, []), ("", []), ("-", []), ("0", []), (0, []), ("tidak ada", []),
])
def test_clean_phones(value, phones):
    assert clean_phones(value) == Cleaned(phones)


@pytest.mark.parametrize("value, phones", [("nomor saya", []), ("123", []), ("0812345678 / 12", ["+62812345678"])])
def test_clean_phones_unusable(value, phones):
    result = clean_phones(value)
    assert result.value == phones and "nomor hp" in result.warning.lower() and "0812-3456-7890" in result.warning


@pytest.mark.parametrize("value, amount", [
    (2400000, 2400000), (2400000.0, 2400000), ("Rp 23.000.000", 23000000), ("Rp23.000.000,-", 23000000),
    ("Rp. 23.000.000", 23000000), ("23.000.000", 23000000), ("2.400.000,00", 2400000), ("3,3 jt", 3300000),
    ("58 jt", 58000000), ("60 juta", 60000000), ("60 JT", 60000000), ("± 12 juta", 12000000), ("±12jt", 12000000),
    ("25rb", 25000), ("25 ribu", 25000), ("25K", 25000), ("1,5 jt", 1500000), ("1.5 jt", 1500000),
    ("12 juta/bulan", 12000000), ("0", 0), ("-", None), ("", None), (None, None), ("Rp 150,000", 150000),
])
def test_clean_money(value, amount):
    assert clean_money(value) == amount


@pytest.mark.parametrize("value, amount", [
    ("0,7", 700000), ("26", 26000000), ("14,4", 14400000), ("± 0,7", 700000), ("4,25", 4250000), (26, 26000000),
    ("1,5 jt", 1500000), ("2.500.000", 2500000), ("", None), ("-", None), ("Rp 150,000", 150000),
])
def test_clean_money_in_millions(value, amount):
    assert clean_money(value, millions=True) == amount


@pytest.mark.parametrize("value", ["banyak", "10-20 jt", "1.23.456", "Rp", "-5.000", -5000, "12 kg"])
def test_clean_money_unreadable(value):
    with pytest.raises(CellProblem) as problem:
        clean_money(value)
    assert "rupiah" in problem.value.message
    assert str(value) not in problem.value.message  # an omzet is personal: never repeated


@pytest.mark.parametrize("value, prices", [
    (25000, (25000, None)), (25000.0, (25000, None)), ("Rp25.000", (25000, None)), ("Rp 25.000", (25000, None)),
    ("25.000", (25000, None)), ("25rb", (25000, None)), ("25 ribu", (25000, None)), ("25K", (25000, None)),
    ("1,2 jt", (1200000, None)), ("Rp 25.000/pcs", (25000, None)), ("10.000 - 15.000", (10000, 15000)),
    ("Rp10.000-Rp15.000", (10000, 15000)), ("10.000 s/d 15.000", (10000, 15000)), ("10rb-15rb", (10000, 15000)),
    ("10-15rb", (10000, 15000)), ("Rp 10.000,- - Rp 15.000,-", (10000, 15000)), ("15.000 - 15.000", (15000, None)),
    ("nego", (None, None)), ("Hubungi penjual", (None, None)), ("-", (None, None)), ("", (None, None)), (None, (None, None)),
    ("Rp 150,000", (150000, None)),
])
def test_clean_price(value, prices):
    assert clean_price(value) == prices


@pytest.mark.parametrize("value", [0, -5000, "-5000", "gratis", "harga menyusul", "15.000 - 10.000", "Rp", "0 - 5.000"])
def test_clean_price_refused(value):
    with pytest.raises(CellProblem) as problem:
        clean_price(value)
    assert problem.value.message.startswith("Harga")


@pytest.mark.parametrize("value, scale", [
    ("Usaha Mikro", "mikro"), ("MIKRO", "mikro"), ("Mikro ", "mikro"), ("mikro", "mikro"), ("UMi", "mikro"),
    ("Kecil", "kecil"), ("USAHA KECIL", "kecil"), ("Menengah", "menengah"), ("MENENGAH", "menengah"),
    (None, ""), ("", ""), ("-", ""),
])
def test_clean_scale(value, scale):
    assert clean_scale(value) == scale


def test_clean_scale_unknown_lists_the_allowed_words():
    with pytest.raises(CellProblem) as problem:
        clean_scale("Besar")
    assert all(word in problem.value.message for word in ("Mikro", "Kecil", "Menengah", "Besar"))


@pytest.mark.parametrize("value, year", [
    (2015, 2015), (2015.0, 2015), ("2015", 2015), (datetime.datetime(2015, 3, 1), 2015), (datetime.date(2015, 3, 1), 2015),
    ("± 2015", 2015), ("Thn 2015", 2015), ("Tahun 2015", 2015), ("2015-an", 2015), ("sejak 2015", 2015),
    (None, None), ("", None), ("-", None),
])
def test_clean_year(value, year):
    assert clean_year(value) == Cleaned(year)


@pytest.mark.parametrize("value", [1850, "1899", datetime.date.today().year + 1, "3015", "dulu", "2010-2015", 42064])
def test_clean_year_unusable(value):
    result = clean_year(value)
    assert result.value is None and result.warning


@pytest.mark.parametrize("value, count", [
    (5, 5), (5.0, 5), ("5", 5), ("2 orang", 2), ("2 org", 2), ("5.0", 5), ("12 pcs", 12), (0, 0),
    (None, None), ("", None), ("-", None),
])
def test_clean_count(value, count):
    assert clean_count(value) == count


@pytest.mark.parametrize("value", ["banyak", "2,5", 2.5, -1, "lima orang"])
def test_clean_count_unreadable(value):
    with pytest.raises(CellProblem):
        clean_count(value)


@pytest.mark.parametrize("value, result", [
    ("ADA", (True, "")), ("Ada", (True, "")), ("Ya", (True, "")), ("Sudah", (True, "")), ("SUDAH", (True, "")),
    ("v", (True, "")), ("ID16257713555320124", (True, "ID16257713555320124")),
    ("Sudah (ID16257713555320124)", (True, "ID16257713555320124")),
    ("P-IRT No. 2051671010123-27", (True, "2051671010123-27")), ("PIRT 2051671010123-27", (True, "2051671010123-27")),
    ("2051671010123-27", (True, "2051671010123-27")), ("BPOM MD 123456789012", (True, "MD 123456789012")),
    ("MD 123456789012", (True, "MD 123456789012")), ("SNI 01-2713-2009", (True, "01-2713-2009")),
    ("TIDAK ADA", (False, "")), ("Tidak", (False, "")), ("Belum", (False, "")), ("BELUM", (False, "")),
    ("Proses", (False, "")), ("TIDAK", (False, "")), ("tidak ada", (False, "")), ("Belum punya", (False, "")),
    (None, (None, "")), ("", (None, "")), ("-", (None, "")), ("entahlah", (None, "")),
])
def test_clean_certificate(value, result):
    assert clean_certificate(value) == result


@pytest.mark.parametrize("value, code", [
    ("10792", "10792"), (10792, "10792"), (1270, "01270"), ("1270", "01270"), ("KBLI 10792", "10792"),
    ("10792 - Industri Kue Basah", "10792"), ("01270 Perkebunan Tanaman Kopi", "01270"),
    (None, None), ("", None), ("-", None),
])
def test_clean_kbli(value, code):
    assert clean_kbli(value, kbli_codes()) == Cleaned(code)


@pytest.mark.parametrize("value", ["99999", 12, "Industri kue", "123456"])
def test_clean_kbli_unknown(value):
    result = clean_kbli(value, kbli_codes())
    assert result.value is None and "KBLI" in result.warning


@pytest.mark.parametrize("value, names", [
    ("Gofood & Shopee Food & Lazada", ["GoFood", "ShopeeFood", "Lazada"]), ("Tokped, IG", ["Tokopedia", "Instagram"]),
    ("Instagram @kopiogan", ["Instagram"]), ("WA", ["WhatsApp"]), ("shopee dan Lazada", ["Shopee", "Lazada"]),
    ("Grab Food/Facebook", ["GrabFood", "Facebook"]), ("Grab; fb", ["GrabFood", "Facebook"]),
    ("Go-Food, WA", ["GoFood", "WhatsApp"]), ("TikTok", ["TikTok Shop"]), ("SHOPEE, Shopee", ["Shopee"]),
    ("Bukalapak, Blibli", ["Bukalapak", "Blibli"]), ("https://shopee.co.id/tokoani", ["Shopee"]),
    ("Shopee, jualan keliling", ["Shopee", "Jualan Keliling"]),
    ("-", []), ("Tidak ada", []), ("offline", []), ("Belum", []), (None, []),
])
def test_clean_marketplaces(value, names):
    assert clean_marketplaces(value) == names


@pytest.mark.parametrize("value, kind", [
    ("Kuliner", "Kuliner"), ("KULINER", "Kuliner"), ("Makanan & Minuman", "Kuliner"), ("Mamin", "Kuliner"),
    ("makanan olahan", "Kuliner"), ("Fesyen", "Fashion"), ("Sandang", "Fashion"), ("fashion ", "Fashion"),
    ("Kriya/Kerajinan", "Kriya"), ("Kerajinan Tangan", "Kriya"), ("Agribisnis", "Pertanian"), ("Perkebunan", "Pertanian"),
    ("Perikanan", "Pertanian"), ("Dagang", "Perdagangan"), ("Toko/Warung", "Perdagangan"), ("Jasa Lainnya", "Jasa"),
    ("bengkel las", "Bengkel Las"), (None, ""), ("-", ""),
])
def test_clean_business_type(value, kind):
    assert clean_business_type(value) == kind


@pytest.mark.parametrize("value, slug", [
    ("Makanan", "makanan-minuman-olahan"), ("MAKANAN", "makanan-minuman-olahan"),
    ("Makanan Olahan", "makanan-minuman-olahan"),
    ("Mamin", "makanan-minuman-olahan"), ("Minuman", "makanan-minuman-olahan"), ("MINUMAN", "makanan-minuman-olahan"),
    ("Fashion", "fashion-tekstil"), ("Kain", "fashion-tekstil"), ("Pakaian", "fashion-tekstil"),
    ("Kerajinan", "kriya-kerajinan"), ("Kriya", "kriya-kerajinan"), ("Hasil Pertanian", "pertanian-perkebunan"),
    ("Pertanian", "pertanian-perkebunan"), ("Hasil Bumi", "pertanian-perkebunan"), ("Perikanan", "perikanan"),
    ("Sembako", "sembako"), ("Kebutuhan Pokok", "sembako"), ("Jasa", "jasa"), ("Layanan", "jasa"), ("Kuliner", "kuliner"),
    ("Kuliner siap saji", "kuliner"), ("Sembako & kebutuhan pokok", "sembako"), ("aksesoris-souvenir", "aksesoris-souvenir"),
    ("Kecantikan & kesehatan", "kecantikan-kesehatan"), ("Peternakan", "peternakan"),
])
def test_clean_category(value, slug):
    assert clean_category(value) == slug


@pytest.mark.parametrize("value", [None, "", "Elektronik"])
def test_clean_category_refused_lists_the_categories(value):
    with pytest.raises(CellProblem) as problem:
        clean_category(value)
    assert "Makanan & minuman olahan" in problem.value.message and "Sembako & kebutuhan pokok" in problem.value.message


def test_every_catalog_category_is_reachable_by_name_and_slug():
    with open(Path(__file__).parent.parent / "fixtures" / "categories.csv", encoding="utf-8", newline="") as handle:
        categories = list(csv.DictReader(handle))
    assert len(categories) == 11
    for row in categories:
        assert clean_category(row["slug"]) == clean_category(row["name"]) == row["slug"]


@pytest.mark.parametrize("value, unit", [
    ("pcs", "pcs"), ("Pcs", "pcs"), ("PCS", "pcs"), ("pc", "pcs"), ("buah", "pcs"), ("biji", "pcs"), ("Pcs.", "pcs"),
    ("kg", "kg"), ("Kg", "kg"), ("KG", "kg"), ("kilo", "kg"), ("kilogram", "kg"), ("bungkus", "bungkus"),
    ("bks", "bungkus"), ("Bungkus", "bungkus"), ("pack", "bungkus"), ("pak", "bungkus"), ("lembar", "lembar"),
    ("lbr", "lembar"), ("Lembar", "lembar"), ("helai", "lembar"), ("lembar\u00a0", "lembar"), ("botol", "botol"),
    ("Liter", "liter"), ("gr", "gram"), ("paket", "paket"), ("set", "set"), ("meter", "meter"), ("toples", "toples"),
    ("kotak", "kotak"), ("ikat", "ikat"), ("pasang", "pasang"), ("unit", "unit"), (None, "pcs"), ("", "pcs"), ("-", "pcs"),
])
def test_clean_unit(value, unit):
    assert clean_unit(value) == unit
    assert unit in UNITS


@pytest.mark.parametrize("value", ["lusin", "porsi", "box", "karung"])
def test_clean_unit_refused_lists_the_units(value):
    with pytest.raises(CellProblem) as problem:
        clean_unit(value)
    assert value in problem.value.message and "pcs, kg" in problem.value.message


# ---------------------------------------------------------------------------- dates of data

@pytest.mark.parametrize("written, date", [
    (datetime.datetime(2020, 3, 12, 10, 30), datetime.date(2020, 3, 12)), (datetime.date(2020, 3, 12), datetime.date(2020, 3, 12)),
    ("12/03/2020", datetime.date(2020, 3, 12)), ("12-03-2020", datetime.date(2020, 3, 12)), ("12.03.2020", datetime.date(2020, 3, 12)),
    ("12/3/20", datetime.date(2020, 3, 12)), ("03/25/2020", datetime.date(2020, 3, 25)), ("2020-03-12", datetime.date(2020, 3, 12)),
    ("2020-03-12 00:00:00", datetime.date(2020, 3, 12)), ("12 Maret 2020", datetime.date(2020, 3, 12)),
    ("12 MARET 2020", datetime.date(2020, 3, 12)), ("Kamis, 12 Maret 2020", datetime.date(2020, 3, 12)),
    ("12 Mar 2020", datetime.date(2020, 3, 12)), ("12-Agt-2020", datetime.date(2020, 8, 12)), ("Maret 2020", datetime.date(2020, 3, 1)),
    ("Nopember 2019", datetime.date(2019, 11, 1)), ("2020", datetime.date(2020, 1, 1)), ("Tahun 2020", datetime.date(2020, 1, 1)),
    (2020, datetime.date(2020, 1, 1)), (43902, datetime.date(2020, 3, 12)), (None, None), ("", None), ("-", None),
])
def test_dates_of_data_as_dinas_write_them(written, date):
    assert clean_date_of_data(written, today=datetime.date(2026, 12, 3)) == (date, "")


@pytest.mark.parametrize("written, words", [
    ("kemarin", "tidak terbaca"), ("31/02/2020", "tidak terbaca"), ("12 Maretz 2020", "tidak terbaca"), (1.5, "tidak terbaca"),
    ("2027", "masa depan"), ("04/12/2026", "masa depan"), ("17/08/1930", "1945"),
])
def test_a_date_that_cannot_be_the_date_of_the_data_is_dropped_with_a_warning(written, words):
    value, warning = clean_date_of_data(written, today=datetime.date(2026, 12, 3))
    assert value is None and words in warning
