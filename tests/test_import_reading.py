"""Reading registry files (registry.reading, registry.columns): the format from the content, the
sheet and header rows, the data rows among titles, blanks, sections and footers, the column →
field mapping, and every way a file is refused (FileProblem, never a raw exception).

The four sample registries are compared with expected.json; bad files are built in the tests.
"""

import datetime
import io
import json
import os
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
import tablib
import xlwt

from registry.columns import BUSINESS_FIELDS, PRODUCT_FIELDS, header_key, match_header
from registry.reading import FileProblem, read_table

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())["files"]
ACCEPTED = "XLSX, XLS, ODS, CSV"


def sample(name):
    return (SAMPLES / name).read_bytes()


def xlsx(*sheets):
    """An .xlsx in memory; each sheet is (title, rows), a row a list of cell values."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(data, kind="business", filename="registri.xlsx"):
    return read_table(data, filename, kind)


def refusal(data, kind="business", filename="registri.xlsx"):
    """The message a file is refused with, whether read_table or rows() refuses it."""
    with pytest.raises(FileProblem) as problem:
        list(read_table(data, filename, kind).rows())
    return problem.value.message


def mapping(table):
    return {column.letter: column.field for column in table.columns}


HEADER = ["NO", "NAMA USAHA", "NAMA PEMILIK", "KABUPATEN/KOTA", "KECAMATAN", "NO HP"]


def business(number, name="Pempek Bu Ani", regency="Palembang"):
    return [number, name, "Ani", regency, "Ilir Timur II", "0812"]


# The samples ---------------------------------------------------------------------------------

SAMPLE_TABLES = [
    # file, kind, what expected.json says of it
    ("registry_sumsel_dinas_2024.xlsx", "business", EXPECTED["registry_sumsel_dinas_2024.xlsx"]),
    ("registry_sumsel_dinas_2024.xlsx", "product", EXPECTED["registry_sumsel_dinas_2024.xlsx"]["products"]),
    ("registry_kota_palembang_2023.csv", "business", EXPECTED["registry_kota_palembang_2023.csv"]),
    ("registry_oku_timur_minimal.xlsx", "business", EXPECTED["registry_oku_timur_minimal.xlsx"]),
    ("products_template.xlsx", "product", EXPECTED["products_template.xlsx"]),
]


@pytest.mark.parametrize("name, kind, expected", SAMPLE_TABLES, ids=lambda value: value if isinstance(value, str) else "")
def test_sample_data_rows_are_exactly_the_expected_ones(name, kind, expected):
    table = read(sample(name), kind, name)
    rows = [number for number, _cells in table.rows()]

    assert table.format == name.rsplit(".", 1)[1]
    assert table.sheet == expected.get("sheet")
    assert table.header_rows == expected.get("header_rows") or [expected["header_row"]]
    assert len(rows) == expected["data_rows"]
    assert rows[0] == expected["first_data_row"]
    assert rows[-1] == expected.get("last_data_row", rows[-1])
    assert rows == sorted(set(rows))
    assert table.skipped["blank"] == expected.get("blank_rows", [])
    assert table.skipped["section"] == [section["row"] for section in expected.get("section_rows", [])]
    assert table.skipped["footer"] == expected.get("footer_rows", [])
    assert table.skipped["column_numbers"] == ([expected["column_number_row"]] if "column_number_row" in expected else [])
    assert table.formula_rows == 0
    assert not set(rows) & {row for skipped in table.skipped.values() for row in skipped}


def test_provincial_workbook_every_row_between_header_and_footer_is_accounted_for():
    expected = EXPECTED["registry_sumsel_dinas_2024.xlsx"]
    table = read(sample("registry_sumsel_dinas_2024.xlsx"))
    data = {number for number, _cells in table.rows()}
    between = set(range(expected["column_number_row"] + 1, expected["last_data_row"] + 1))
    assert data | set(table.skipped["blank"]) | set(table.skipped["section"]) == between


@pytest.mark.parametrize("name", ["registry_sumsel_dinas_2024.xlsx", "registry_kota_palembang_2023.csv",
                                  "registry_oku_timur_minimal.xlsx"])
def test_sample_cells_arrive_raw(name):
    """The spot checks' cells, as the spreadsheet holds them, in column order."""
    table = read(sample(name), "business", name)
    rows = dict(table.rows())
    fields = [column.field for column in table.columns]
    for check in EXPECTED[name]["spot_checks"]:
        cells = [rows[check["row"]][field] for field in fields]
        cells = [cell.isoformat() if isinstance(cell, datetime.datetime) else cell for cell in cells]
        written = [cell if cell != "" else None for cell in check["cells"]]  # the CSV's empty cells are None
        assert cells == written, check["row"]


def test_text_keeps_its_non_breaking_spaces():
    table = read(sample("registry_sumsel_dinas_2024.xlsx"))
    assert dict(table.rows())[1073]["owner_name"] == "Dedi\u00a0Aminah"
    products = read(sample("registry_sumsel_dinas_2024.xlsx"), "product")
    assert dict(products.rows())[2598]["name"] == "Gula\u00a0Pasir"


def test_provincial_workbook_header_mapping():
    table = read(sample("registry_sumsel_dinas_2024.xlsx"))
    assert mapping(table) == {
        "A": "number", "B": "name", "C": "owner_name", "D": "nik", "E": "nib", "F": "business_type", "G": "kbli",
        "H": "main_products", "I": "scale", "J": "regency", "K": "district", "L": "village", "M": "address",
        "N": "phone", "O": "omzet", "P": "workers", "Q": "founded_year", "R": "halal", "S": "pirt", "T": "bpom",
        "U": "marketplaces", "V": "note",
    }
    headers = {column.letter: column.header for column in table.columns}
    # The group header titles its sub-columns but names no field: "address" is JALAN, not ALAMAT USAHA.
    assert headers["J"] == "ALAMAT USAHA / KABUPATEN/KOTA"
    assert headers["K"] == "ALAMAT USAHA / KECAMATAN"
    assert headers["M"] == "ALAMAT USAHA / JALAN"
    assert headers["S"] == "SERTIFIKASI / P-IRT"
    assert headers["V"] == "KETERANGAN"
    assert all(column.note == "" for column in table.columns)


def test_provincial_workbook_sheet_choice():
    workbook = sample("registry_sumsel_dinas_2024.xlsx")
    businesses = read(workbook, "business")
    products = read(workbook, "product")
    assert businesses.sheet == "DATA UMKM"
    assert products.sheet == "PRODUK"
    for table in (businesses, products):
        assert any(note.startswith("REKAP: ") for note in table.ignored_sheets)
    # Every sheet is looked at; only the business list is read: the product list has other columns
    # (staff may exclude DATA UMKM to read it), the recap is no list of businesses.
    assert [part.name for part in businesses.parts] == ["DATA UMKM"]
    assert [(sheet["name"], sheet["found"]) for sheet in businesses.sheets] == [
        ("DATA UMKM", "data"), ("PRODUK", "other_columns"), ("REKAP", "recap"),
    ]
    assert businesses.ignored_sheets[0].startswith(
        "PRODUK: kolomnya berbeda dari sheet 'DATA UMKM' (5 kolom dikenali, di 'DATA UMKM' 22)"
    )
    assert businesses.ignored_sheets[1].startswith("REKAP: rekap/pivot")
    assert products.ignored_sheets[0] == "DATA UMKM: tidak ada kolom 'Nama Produk'"
    assert mapping(products) == {
        "A": "number", "B": "nib", "C": "business_name", "D": "regency", "E": "name", "F": "category", "G": "price",
        "H": "unit", "I": "note",
    }


def test_palembang_csv_header_mapping():
    table = read(sample("registry_kota_palembang_2023.csv"), filename="registry_kota_palembang_2023.csv")
    assert mapping(table) == {
        "A": "number", "B": "name", "C": "owner_name", "D": "nik", "E": "nib", "F": "address", "G": "district",
        "H": "phone", "I": "business_type", "J": "main_products", "K": "omzet_millions", "L": "workers",
        "M": "founded_year", "N": "halal", "O": "recorded_on",
    }
    assert table.column_of("workers").header == "Jumlah\nTenaga Kerja"
    assert table.column_of("omzet_millions").header == "Omzet/Bulan (Juta Rp)"


def test_minimal_files_header_mapping():
    oku = read(sample("registry_oku_timur_minimal.xlsx"))
    assert mapping(oku) == {
        "A": "name", "B": "owner_name", "C": "nib", "D": "district", "E": "village", "F": "phone", "G": "main_products",
    }
    template = read(sample("products_template.xlsx"), "product")
    assert mapping(template) == {
        "A": "nib", "B": "business_name", "C": "name", "D": "category", "E": "price", "F": "unit", "G": "description",
    }


# Header spellings -------------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "Nama Usaha", "NAMA UMKM", "nama_usaha", "NAMA PERUSAHAAN", "Nama Toko", "Nama Badan Usaha", "Nama\nUsaha",
    "  nama  usaha ", "Nama\u00a0Usaha", "NAMA USAHA:",
])
def test_business_name_spellings(written):
    assert match_header(written, "business") == "name"


@pytest.mark.parametrize("written, field", [
    ("Nama Pelaku Usaha", "owner_name"),  # the person, not the business
    ("pemilik", "owner_name"),
    ("Penanggung Jawab", "owner_name"),
    ("No KTP", "nik"),
    ("Nomor Induk Berusaha", "nib"),
    ("NIB (jika ada)", "nib"),
    ("Kode KBLI", "kbli"),
    ("KBLI 2020", "kbli"),
    ("Kab./Kota", "regency"),
    ("Kabupaten / Kota", "regency"),
    ("Kec.", "district"),
    ("Desa/Kelurahan", "village"),
    ("Alamat Usaha", "address"),
    ("No.HP", "phone"),
    ("No HP Pemilik", "phone"),
    ("No WA", "phone"),
    ("E-mail", "email"),
    ("Omzet per Bulan (Rp)", "omzet"),
    ("Omset", "omzet"),
    ("Omzet Rp", "omzet"),
    ("Omzet/Bulan (Juta Rp)", "omzet_millions"),
    ("Omzet per bulan (juta rupiah)", "omzet_millions"),
    ("Jumlah\nTenaga Kerja", "workers"),
    ("Jml TK", "workers"),
    # Men and women apart: summed into workers by the cleaner (issue 11).
    ("Tenaga Kerja Perempuan", "workers_female"),
    ("Tenaga Kerja (L)", "workers_male"),
    ("TELP/ FAX", "phone"),
    ("NAMA PEMILIK/ KONTAK PERSON", "owner_name"),
    ("NOMOR KBLI", "kbli"),
    ("Kegiatan", "business_type"),
    ("Tahun Mulai Usaha", "founded_year"),
    ("P-IRT", "pirt"),
    ("PIRT", "pirt"),
    ("SPP-IRT", "pirt"),
    ("MD/ML", "bpom"),
    ("Pemasaran Online", "marketplaces"),
    ("Ket.", "note"),
    ("Tgl Pendataan", "recorded_on"),
    ("produk", "main_products"),
    # Not guessed: another unit, another measure, or nothing we import.
    ("Omzet (ribu Rp)", None),
    ("Omzet Tahunan", None),
    ("No Rekening", None),
    ("SERTIFIKASI", None),
    ("NAMA PRODUK", None),
    ("", None),
    (None, None),
])
def test_business_header_spellings(written, field):
    assert match_header(written, "business") == field


@pytest.mark.parametrize("written, field", [
    ("NAMA USAHA", "business_name"),
    ("nama_usaha", "business_name"),
    ("NAMA UMKM", "business_name"),
    ("KAB/KOTA", "regency"),
    ("Nama Produk", "name"),
    ("nama_produk", "name"),
    ("Produk", "name"),
    ("Jenis Produk", "category"),
    ("Kategori Produk", "category"),
    ("Keterangan Produk", "description"),
    ("HARGA (Rp)", "price"),
    ("Harga Satuan", "price"),
    ("Harga Jual (Rp)", "price"),
    ("Harga (ribu)", None),
    ("Minimal Pembelian", "min_order"),
    ("min_order", "min_order"),
    ("Keterangan", "note"),
])
def test_product_header_spellings(written, field):
    assert match_header(written, "product") == field


def test_header_key():
    assert header_key("Jumlah\nTenaga Kerja") == "jumlah tenaga kerja"
    assert header_key("  No._HP\u00a0") == "no hp"
    assert header_key("Kab. / Kota") == "kab/kota"
    assert header_key("OMZET PER BULAN (Rp)") == "omzet per bulan rp"


def test_every_alias_names_its_own_field():
    for kind, fields in (("business", BUSINESS_FIELDS), ("product", PRODUCT_FIELDS)):
        for field, aliases in fields.items():
            for alias in aliases:
                assert match_header(alias, kind) == field, (kind, alias)


def test_a_field_in_two_columns_keeps_the_first():
    data = xlsx(("Data", [
        ["Nama Usaha", "Kecamatan", "NAMA UMKM", "Catatan Petugas", None, "Kabupaten"],
        ["Pempek Bu Ani", "Sako", "Pempek Ani", "cek ulang", "x", "Palembang"],
    ]))
    table = read(data)
    columns = {column.letter: column for column in table.columns}
    assert columns["A"].field == "name"
    assert columns["C"].field is None
    assert "Kolom A" in columns["C"].note and "tidak diimpor" in columns["C"].note
    assert columns["D"].field is None and "tidak dikenali" in columns["D"].note
    assert columns["E"].field is None and "tanpa judul" in columns["E"].note
    assert dict(table.rows())[2] == {"name": "Pempek Bu Ani", "district": "Sako", "regency": "Palembang"}


def test_a_single_address_column_is_the_address():
    table = read(xlsx(("Data", [["Nama Usaha", "Alamat Usaha"], ["Pempek", "Jl. Mawar 1"]])))
    assert mapping(table) == {"A": "name", "B": "address"}


# Header and data rows -------------------------------------------------------------------------


def test_two_row_header_under_a_title_block():
    data = xlsx(("Rekap", [
        ["DATA UMKM KOTA CONTOH"],
        ["Keadaan 2024"],
        [],
        ["No", "Nama Usaha", "Alamat Usaha", None, None, "Sertifikasi", None, "No HP"],
        [None, None, "Kecamatan", "Desa", "Jalan", "Halal", "PIRT", None],
        [1, 2, 3, 4, 5, 6, 7, 8],
        [1, "Pempek Bu Ani", "Sako", "Sukamaju", "Jl. Mawar 1", "Ya", None, "0812"],
    ]))
    table = read(data)
    assert table.header_rows == [4, 5]
    assert mapping(table) == {
        "A": "number", "B": "name", "C": "district", "D": "village", "E": "address", "F": "halal", "G": "pirt",
        "H": "phone",
    }
    assert list(table.rows()) == [(7, {
        "number": 1, "name": "Pempek Bu Ani", "district": "Sako", "village": "Sukamaju", "address": "Jl. Mawar 1",
        "halal": "Ya", "pirt": None, "phone": "0812",
    })]
    assert table.skipped["column_numbers"] == [6]


def test_blank_section_subtotal_and_footer_rows():
    rows = [
        HEADER,
        business(1),
        [],
        business(2),
        [3],  # numbered in advance, never filled: blank
        ["BINAAN PLUT"],  # a section title
        business(4, "Total Jaya Motor"),  # a business, numbered like the others
        ["JUMLAH KEC. ILIR TIMUR II", "=COUNTA(B2:B7)"],  # a subtotal: data follows
        [],
        business(5),
        HEADER,  # the header repeated (a second page pasted below)
        business(6),
        [],
        ["JUMLAH", "=COUNTA(B2:B12)"],
        [],
        [None, None, None, None, "Palembang, 31 Desember 2024"],
        [None, None, None, None, "KEPALA DINAS"],
        ["Mengetahui", "Kepala Bidang"],
    ]
    table = read(xlsx(("Data", rows)))
    data = dict(table.rows())
    assert list(data) == [2, 4, 7, 10, 12]
    assert data[7]["name"] == "Total Jaya Motor"
    assert table.skipped == {
        "blank": [3, 5, 9], "section": [6], "column_numbers": [], "repeated_header": [11], "subtotal": [8],
        "footer": [14, 16, 17, 18], "continuation": [], "continuation_dropped": [],
    }


def test_a_lone_text_is_a_section_wherever_it_stands():
    rows = [HEADER, business(1), [None, "Warung Sari"], [None, None, None, "KOTA PALEMBANG"], business(3)]
    table = read(xlsx(("Data", rows)))
    assert [number for number, _row in table.rows()] == [2, 5]
    assert table.skipped["section"] == [3, 4]


def test_column_numbers_in_parentheses():
    table = read(xlsx(("Data", [HEADER, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"], business(1)])))
    assert [number for number, _row in table.rows()] == [3]
    assert table.skipped["column_numbers"] == [2]


def test_header_is_searched_in_the_first_30_rows_only():
    title = [[f"catatan {n}"] for n in range(31)]
    message = refusal(xlsx(("Data", title + [HEADER, business(1)])))
    assert message.startswith(
        "Tidak menemukan baris judul kolom (misalnya 'Nama Usaha', 'Kabupaten/Kota') di 30 baris pertama sheet 'Data'"
    )
    assert read(xlsx(("Data", title[:29] + [HEADER, business(1)]))).header_rows == [30]


def test_no_sheet_has_a_header():
    message = refusal(xlsx(("Satu", [["halo"], [1, 2]]), ("Dua", [["apa kabar"]])))
    assert "di 30 baris pertama sheet mana pun ('Satu', 'Dua')" in message


def test_products_wanted_but_the_file_holds_businesses():
    message = refusal(xlsx(("DATA UMKM", [HEADER, business(1)])), "product")
    assert "Baris 1 di sheet 'DATA UMKM' tampak seperti judul kolom, tetapi tidak ada kolom 'Nama Produk'" in message


# Formulas -------------------------------------------------------------------------------------


def test_a_formula_in_a_data_row_arrives_as_its_text():
    rows = [
        ["No", "Nama Usaha", "Omzet", "Tenaga Kerja"],
        [1, "Pempek Bu Ani", 2500000, 3],
        ["=A2+1", "Kue Sari", "=C2*2", 2],  # the numbering formula imports nothing; the omzet one does
        ["=A3+1", "Warung Budi", 1000000, 1],
    ]
    table = read(xlsx(("Data", rows)))
    data = dict(table.rows())
    assert data[3] == {"number": "=A2+1", "name": "Kue Sari", "omzet": "=C2*2", "workers": 2}
    assert data[4]["number"] == "=A3+1"
    assert table.formula_rows == 1


def test_a_sheet_of_formulas_only_is_refused():
    rows = [[f"=Sheet2!{column}{row}" for column in "ABCDE"] for row in range(1, 40)]
    message = refusal(xlsx(("Data", rows)))
    assert message.startswith("Tidak menemukan baris judul kolom: sheet 'Data' hanya berisi rumus (formula)")


def test_data_rows_of_formulas_only_are_refused():
    rows = [HEADER] + [[f"=Sumber!{column}{row}" for column in "ABCDEF"] for row in range(2, 10)]
    assert refusal(xlsx(("Data", rows))).startswith("Baris data di sheet 'Data' berisi rumus (formula), bukan nilai.")


# CSV ----------------------------------------------------------------------------------------------

CSV_ROWS = [
    ["No", "Nama Usaha", "Nama Pemilik", "Jumlah\nTenaga Kerja", "Omzet"],
    ["1", "Pempek Nu’man", "H. Rudi Nu’man", "4", "3,7"],
    ["2", "Kue \"Sari\"; enak, murah", "Siti", "2", "1.500.000"],
]


def csv_bytes(rows, delimiter, encoding, newline="\r\n"):
    def quoted(cell):
        if any(mark in cell for mark in (delimiter, '"', "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell
    return "".join(delimiter.join(quoted(cell) for cell in row) + newline for row in rows).encode(encoding)


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_encodings_and_delimiters(encoding, delimiter):
    table = read(csv_bytes(CSV_ROWS, delimiter, encoding), filename="data.csv")
    assert table.format == "csv" and table.sheet is None
    assert mapping(table) == {"A": "number", "B": "name", "C": "owner_name", "D": "workers", "E": "omzet"}
    assert list(table.rows()) == [
        (2, {"number": "1", "name": "Pempek Nu’man", "owner_name": "H. Rudi Nu’man", "workers": "4", "omzet": "3,7"}),
        (3, {"number": "2", "name": 'Kue "Sari"; enak, murah', "owner_name": "Siti", "workers": "2",
             "omzet": "1.500.000"}),
    ]


def test_csv_rows_are_numbered_by_record_not_by_line():
    rows = [["Nama Usaha", "Alamat"], ["Pempek", "Jl. Mawar\nRT 01\nRW 02"], ["Kue", "Jl. Melati"]]
    table = read(csv_bytes(rows, ",", "utf-8", newline="\n"), filename="data.csv")
    assert list(table.rows()) == [(2, {"name": "Pempek", "address": "Jl. Mawar\nRT 01\nRW 02"}),
                                  (3, {"name": "Kue", "address": "Jl. Melati"})]


def test_csv_with_an_unclosed_quote_is_refused():
    data = b'Nama Usaha;Alamat\r\nPempek;"Jl. Mawar\r\n' + b"x" * 200_000 + b"\r\n"
    assert "tanda kutip" in refusal(data, filename="data.csv")


# Formats ----------------------------------------------------------------------------------------


def test_format_comes_from_the_content_not_the_name():
    assert read(sample("registry_oku_timur_minimal.xlsx"), filename="data.csv").format == "xlsx"
    assert read(sample("registry_kota_palembang_2023.csv"), filename="data.xlsx").format == "csv"


def test_ods_is_read():
    book = tablib.Databook()
    notes = tablib.Dataset(["catatan"], headers=["Catatan"], title="Catatan")
    data = tablib.Dataset(headers=["No", "Nama Usaha", "Omzet", "Tanggal Pendataan"], title="Data UMKM")
    data.append([1, "Pempek Bu Ani\nCabang 2", 2500000, datetime.date(2024, 1, 5)])
    data.append([2, "Kue Sari", 1.5, None])
    book.add_sheet(notes)
    book.add_sheet(data)
    table = read(book.export("ods"), filename="data.ods")
    assert (table.format, table.sheet) == ("ods", "Data UMKM")
    assert list(table.rows()) == [
        (2, {"number": 1, "name": "Pempek Bu Ani\nCabang 2", "omzet": 2500000,
             "recorded_on": datetime.datetime(2024, 1, 5)}),
        (3, {"number": 2, "name": "Kue Sari", "omzet": 1.5, "recorded_on": None}),
    ]


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
<table:table table:name="Data">
  <table:table-row><table:table-cell office:value-type="string"><text:p>DATA UMKM</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="16383"/></table:table-row>
  <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
  <table:table-row>
    <table:table-cell office:value-type="string"><text:p>No</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>Nama Usaha</text:p></table:table-cell>
    <table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Alamat Usaha</text:p></table:table-cell>
    <table:covered-table-cell/>
    <table:table-cell office:value-type="string"><text:p>Omzet</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
    <table:table-cell table:number-columns-repeated="2"/>
    <table:table-cell office:value-type="string"><text:p>Kecamatan</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>Jalan</text:p></table:table-cell>
  </table:table-row>
  <table:table-row>
    <table:table-cell office:value-type="float" office:value="1"/>
    <table:table-cell office:value-type="string"><text:p>Pempek<text:s text:c="2"/>Bu<text:tab/>Ani</text:p><text:p>Cabang 2</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p><text:span>Sako</text:span></text:p></table:table-cell>
    <table:table-cell/>
    <table:table-cell table:formula="of:=[.E7]*2" office:value-type="float" office:value="5000000"/>
  </table:table-row>
  <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/></table:table-row>
  <table:table-row>
    <table:table-cell office:value-type="float" office:value="2"/>
    <table:table-cell office:value-type="string"><text:p>Kue Sari</text:p></table:table-cell>
    <table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>Sako</text:p></table:table-cell>
    <table:table-cell office:value-type="float" office:value="2500000.5"/>
  </table:table-row>
  <table:table-row table:number-rows-repeated="1048560"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""


def ods(content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_ods_repeated_rows_and_cells_merged_header_and_formulas():
    table = read(ods(ODS_CONTENT), filename="data.ods")
    assert table.header_rows == [4, 5]
    assert [(column.letter, column.header, column.field) for column in table.columns] == [
        ("A", "No", "number"), ("B", "Nama Usaha", "name"), ("C", "Alamat Usaha / Kecamatan", "district"),
        ("D", "Alamat Usaha / Jalan", "address"), ("E", "Omzet", "omzet"),
    ]
    assert list(table.rows()) == [
        (6, {"number": 1, "name": "Pempek  Bu\tAni\nCabang 2", "district": "Sako", "address": None,
             "omzet": "=[.E7]*2"}),
        (10, {"number": 2, "name": "Kue Sari", "district": "Sako", "address": "Sako", "omzet": 2500000.5}),
    ]
    assert table.skipped["blank"] == [7, 8, 9]
    assert table.formula_rows == 1


def test_xls_is_read():
    workbook = xlwt.Workbook()
    workbook.add_sheet("Catatan").write(0, 0, "isi sheet berikutnya")
    sheet = workbook.add_sheet("DATA UMKM")
    sheet.write(0, 0, "DATA UMKM KOTA CONTOH")
    for column, title in enumerate(["No", "Nama Usaha", "NIB", "Omzet", "Tanggal Pendataan", "Halal"]):
        sheet.write(2, column, title)
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    row = [1, "Pempek Bu Ani", 8128219188134, 2.5]
    for column, value in enumerate(row):
        sheet.write(3, column, value)
    sheet.write(3, 4, datetime.datetime(2023, 8, 2), date_style)
    sheet.write(3, 5, True)
    sheet.write(5, 1, "Kue Sari")
    sheet.write(5, 3, "1,5 jt")
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read(buffer.getvalue(), filename="lama.xls")
    assert (table.format, table.sheet, table.header_rows) == ("xls", "DATA UMKM", [3])
    assert list(table.rows()) == [
        (4, {"number": 1, "name": "Pempek Bu Ani", "nib": 8128219188134, "omzet": 2.5,
             "recorded_on": datetime.datetime(2023, 8, 2), "halal": True}),
        (6, {"number": None, "name": "Kue Sari", "nib": None, "omzet": "1,5 jt", "recorded_on": None, "halal": None}),
    ]
    assert table.skipped["blank"] == [5]


def compound_file(streams):
    """A minimal OLE2 compound file (512-byte sectors, one FAT sector, one directory sector)
    holding these streams, each padded to 4096 bytes so none goes to the mini stream."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    payloads = [content.ljust(4096, b"\0") for content in streams.values()]
    fat, starts, sector = [fat_sector, end], [], 2
    for payload in payloads:
        count = len(payload) // 512
        starts.append(sector)
        fat += list(range(sector + 1, sector + count)) + [end]
        sector += count
    fat += [free] * (128 - len(fat))

    def entry(name, kind, start, size, child=none, right=none):
        encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, none, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    entries = [entry("Root Entry", 5, end, 0, child=1)]
    for position, name in enumerate(names):
        right = position + 2 if position + 1 < len(names) else none
        entries.append(entry(name, 2, starts[position], len(payloads[position]), right=right))
    entries += [entry("", 0, 0, 0)] * (4 - len(entries))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    return header + struct.pack("<128I", *fat) + b"".join(entries) + b"".join(payloads)


def test_password_protected_xlsx_is_refused():
    encrypted = compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": os.urandom(8192)})
    expected = ("Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File → Info → Lindungi Buku Kerja), "
                "simpan, lalu unggah lagi.")
    assert refusal(encrypted) == expected
    # Even when the compound file's structure is damaged, the stream's name gives it away.
    damaged = encrypted[:512] + b"\xff" * 512 + encrypted[1024:]
    assert refusal(damaged) == expected


def test_other_ole2_documents_are_refused():
    assert refusal(compound_file({"WordDocument": b"x"}), filename="surat.xls") == (
        "Berkas ini dokumen Word lama (.doc), bukan spreadsheet. Format yang diterima: XLSX, XLS, ODS, CSV."
    )
    assert "Berkas XLS rusak" in refusal(compound_file({"Workbook": b"\x09\x08 not really BIFF"}))


def parts_of(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n" + os.urandom(2000), "Berkas ini gambar PNG, bukan spreadsheet."),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(2000), "Berkas ini dokumen PDF, bukan spreadsheet."),
    (bytes(range(256)) * 40, "Berkas ini bukan spreadsheet yang dikenali."),
    (zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
     "Berkas ini dokumen Word (.docx), bukan spreadsheet."),
    (zipped({"foto.jpg": "x"}), "Berkas ini arsip ZIP; ekstrak dulu"),
])
def test_not_a_spreadsheet(data, what):
    message = refusal(data)
    assert message.startswith(what)
    assert ACCEPTED in message


def test_random_bytes_are_refused():
    assert ACCEPTED in refusal(os.urandom(100_000))


def test_a_web_page_saved_as_xls_is_refused():
    message = refusal(b"<html><body><table><tr><td>Nama Usaha</td></tr></table></body></html>", filename="data.xls")
    assert "halaman web (HTML)" in message


def test_an_empty_file_is_refused():
    assert refusal(b"") == "Berkas kosong. Pilih berkas XLSX, XLS, ODS atau CSV yang berisi data."


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_xlsx_is_refused(cut):
    data = sample("registry_oku_timur_minimal.xlsx")
    assert refusal(data[:int(len(data) * cut)]).startswith("Berkas XLSX rusak atau terpotong")


def test_xlsx_with_damaged_parts_is_refused():
    parts = parts_of(sample("registry_oku_timur_minimal.xlsx"))
    bad_sheet = dict(parts, **{"xl/worksheets/sheet1.xml": parts["xl/worksheets/sheet1.xml"][:3000]})
    bad_workbook = dict(parts, **{"xl/workbook.xml": b"<workbook"})
    for files in (bad_sheet, bad_workbook):
        assert refusal(zipped(files)).startswith("Berkas XLSX rusak atau terpotong")


def test_xml_entity_expansion_is_refused():
    """A "billion laughs" shared-strings part: expat refuses the amplification."""
    parts = parts_of(sample("products_template.xlsx"))
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    laughs = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY l0 "ha">{entities}]>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&l9;</t></si></sst>')
    parts["xl/sharedStrings.xml"] = laughs.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    assert refusal(zipped(parts)).startswith("Berkas XLSX rusak atau terpotong")


# Size limits ------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused():
    data = b"Nama Usaha;Kecamatan\r\n" + b"Pempek;Sako\r\n" * (50 * 1024 * 1024 // 13)
    message = refusal(data, filename="besar.csv")
    assert message.startswith("Berkas berukuran 50,0 MB, melebihi batas 40 MB.")


def xlsx_with_part(name, write):
    """An xlsx-looking zip with one more part, written in streaming pieces by write(file)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open(name, "w") as part:
            write(part)
    return buffer.getvalue()


def test_zip_bomb_by_total_size_is_refused():
    def spaces(part):
        block = b" " * (1 << 20)
        for _ in range(400):
            part.write(block)
    data = xlsx_with_part("xl/worksheets/sheet1.xml", spaces)
    assert len(data) < 2_000_000
    assert refusal(data).startswith("Berkas XLSX mencurigakan (isi terurai jauh lebih besar dari berkasnya)")


def test_zip_bomb_by_ratio_is_refused():
    data = xlsx_with_part("xl/sharedStrings.xml", lambda part: part.write(b"\0" * (40 << 20)))
    assert refusal(data).startswith("Berkas XLSX mencurigakan")


def test_a_declared_huge_shared_string_count_is_refused():
    def declared(part):
        part.write(b'<?xml version="1.0"?><sst xmlns="x" count="12500000" uniqueCount="12500000"><si><t>a</t></si></sst>')
    data = xlsx_with_part("xl/sharedStrings.xml", declared)
    assert len(data) < 2_000
    assert refusal(data).startswith("Berkas XLSX memuat terlalu banyak teks berbeda (lebih dari 1.000.000)")


def test_more_shared_strings_than_allowed_are_refused_whatever_the_ratio_or_declared_count():
    # The probe in small: millions of tiny strings at an ordinary ratio, count left out.
    def strings(part):
        part.write(b'<?xml version="1.0"?><sst xmlns="x">')
        for start in range(0, 1_000_001, 100_000):
            part.write(b"".join(b"<si><t>%d</t></si>" % i for i in range(start, min(start + 100_000, 1_000_001))))
        part.write(b"</sst>")
    data = xlsx_with_part("xl/sharedStrings.xml", strings)
    assert refusal(data).startswith("Berkas XLSX memuat terlalu banyak teks berbeda")


def test_more_rows_than_allowed_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 50
    expected = "Berkas berisi lebih dari 50 baris data; pecah menjadi beberapa berkas."
    with pytest.raises(FileProblem) as problem:
        read(sample("registry_oku_timur_minimal.xlsx"))  # 60 rows: refused before any row is handed out
    assert problem.value.message == expected
    assert refusal(sample("registry_kota_palembang_2023.csv"), filename="plg.csv") == expected
    settings.IMPORT_MAX_ROWS = 60
    assert len(list(read(sample("registry_oku_timur_minimal.xlsx")).rows())) == 60


def test_a_sheet_that_understates_its_size_is_read_whole_and_counted(settings):
    """A sheet whose <dimension> says A1:B2: every row and column is read all the same, and
    rows() counts them against the limit whatever read_table() estimated."""
    parts = parts_of(sample("registry_oku_timur_minimal.xlsx"))
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b'<dimension ref="A1:G61" />' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b'<dimension ref="A1:G61" />', b'<dimension ref="A1:B2" />')
    data = zipped(parts)
    table = read(data)
    assert len(table.columns) == 7
    assert len(list(table.rows())) == 60
    assert table.estimated_rows == 60
    settings.IMPORT_MAX_ROWS = 50
    with pytest.raises(FileProblem, match="lebih dari 50 baris data"):
        list(table.rows())


def test_a_million_row_csv_is_refused_while_streaming(settings):
    """Refused at row 200,001, without reading further: from row 200,102 on the file is unreadable
    (a quote that never closes), and a reader that took in every row first would say so instead."""
    rows = [b"U%d;K\n" % n for n in range(1_000_000)]
    rows[200_100] = b'U;"K\n'
    data = b"Nama Usaha;Kecamatan\n" + b"".join(rows)
    assert len(data) < settings.IMPORT_MAX_BYTES
    with pytest.raises(FileProblem) as problem:
        read(data, filename="sejuta.csv")
    assert problem.value.message == "Berkas berisi lebih dari 200.000 baris data; pecah menjadi beberapa berkas."
    # The trap is real: the rows around it, read on their own, are refused (the unclosed quote
    # swallows every row after it into one cell, past the CSV reader's 128 KB cell limit).
    assert "tanda kutip" in refusal(b"Nama Usaha;Kecamatan\n" + b"".join(rows[200_000:220_000]), filename="jebakan.csv")
