"""Exports from the staff admin lists: what the list shows (filters, search, the staff
member's regions), XLSX and CSV only, Indonesian headers, personal data only for those
allowed, every formula-like cell neutralised, and a fixed number of queries."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from directory.models import Business
from staff.exports import neutralise_formula
from staff.models import StaffProfile
from tests.conftest import make_business, make_product
from tests.test_admin_scoping import form_data, make_staff

BUSINESS_EXPORT = "/admin/directory/business/export/"
PRODUCT_EXPORT = "/admin/catalog/product/export/"
FORMATS = {"xlsx": "0", "csv": "1"}
PRIVATE = {"owner_name": "Siti Pemilik Rahasia", "nik": "1671012345678901", "owner_phone": "+6281299887766",
           "owner_address": "Jl. Rahasia No. 7", "registry_omzet": 15_000_000}


@pytest.fixture
def kab_staff(db, palembang):
    return make_staff("staf-plg", palembang)


@pytest.fixture
def businesses(db, palembang, oki, commit):
    with commit():
        mine = make_business(
            palembang, name="Pempek Ekspor Palembang", nib="1234567890123", workers=4, sales_channels="Shopee, WhatsApp",
            whatsapp="0812-3456-7890", private=PRIVATE, certifications=[
                {"kind": "halal", "number": "ID1611", "expires_on": datetime.date(2030, 1, 31)},
                {"kind": "pirt", "number": "P-77"},
            ],
        )
        make_product(mine, name="Pempek Kapal Selam Ekspor", price_min=15000)
        make_product(mine, name="Pempek Lenjer Ekspor", price_min=12000)
        make_business(palembang, name="Songket Ekspor Tutup", status=Business.Status.INACTIVE)
        theirs = make_business(oki, name="Kemplang Ekspor OKI", private={"nik": "1602000000000001"})
        make_product(theirs, name="Kemplang Ekspor OKI Produk")
    return mine


def export(client, url, file_format="csv", resource="0", query=""):
    """Open the export page of a list (with the list's query string) and submit it as a
    browser would, every column ticked."""
    data = form_data(client, url + query)
    data.update({"format": FORMATS[file_format], "resource": resource})
    return client.post(url + query, data)


def csv_rows(response):
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_sheet(response):
    assert response.status_code == 200, response.content[:2000]
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


# ---------------------------------------------------------------------------- what a file holds


def test_business_csv_has_indonesian_headers_and_only_the_staff_region(client, kab_staff, businesses):
    client.force_login(kab_staff)
    response = export(client, BUSINESS_EXPORT)
    assert response["Content-Disposition"] == f'attachment; filename="umkm-{datetime.date.today():%Y-%m-%d}.csv"'
    header, *rows = csv_rows(response)
    assert header[:4] == ["Nama usaha", "NIB", "KBLI", "Sektor (kategori KBLI)"]
    assert {"Kabupaten/kota", "Kode kabupaten/kota", "Kecamatan", "Sertifikasi", "Pemasaran", "Tenaga kerja",
            "Jumlah produk", "Terakhir diverifikasi"} <= set(header)
    row = dict(zip(header, next(r for r in rows if r[0] == "Pempek Ekspor Palembang")))
    assert row["Kabupaten/kota"] == "Kota Palembang" and row["Kode kabupaten/kota"] == "16.71"
    assert row["Sertifikasi"] == "Halal ID1611 (berlaku s.d. 31-01-2030); P-IRT P-77"
    assert (row["Jumlah produk"], row["Tenaga kerja"], row["Skala usaha"]) == ("2", "4", "Usaha mikro")
    assert row["WhatsApp usaha"] == "081234567890"
    assert sorted(r[0] for r in rows) == ["Pempek Ekspor Palembang", "Songket Ekspor Tutup"]


def test_export_page_speaks_indonesian(client, kab_staff, businesses):
    client.force_login(kab_staff)
    html = client.get(BUSINESS_EXPORT).content.decode()
    assert "<title>Ekspor UMKM" in html
    for text in ("Format berkas", "Isi berkas", "Kolom yang diekspor:", "Pilih semua", 'value="Unduh berkas"',
                 ">Nama usaha</label>", ">Jumlah produk</label>"):
        assert text in html, text


def test_export_follows_the_list_filters_and_search(client, kab_staff, businesses):
    client.force_login(kab_staff)
    _header, *rows = csv_rows(export(client, BUSINESS_EXPORT, query="?status=inactive"))
    assert [r[0] for r in rows] == ["Songket Ekspor Tutup"]
    _header, *rows = csv_rows(export(client, BUSINESS_EXPORT, query="?q=pempek"))
    assert [r[0] for r in rows] == ["Pempek Ekspor Palembang"]


@pytest.mark.parametrize("query", ["?wilayah=16.02", "?regency__code__exact=16.02", "?regency=16.02", "?regency__in=16.02,16.71"])
def test_a_crafted_query_never_exports_another_region(client, kab_staff, businesses, query):
    client.force_login(kab_staff)
    response = client.get(BUSINESS_EXPORT + query)
    if response.status_code == 200:
        response = export(client, BUSINESS_EXPORT, query=query)
    # A lookup the list does not offer is refused (400) or ignored; a row of OKI never comes out.
    assert response.status_code in (200, 400)
    assert b"Kemplang" not in response.content and b"1602000000000001" not in response.content


def test_business_xlsx_keeps_types_and_empty_cells(client, kab_staff, businesses):
    client.force_login(kab_staff)
    response = export(client, BUSINESS_EXPORT, "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = xlsx_sheet(response)
    assert sheet.title == "UMKM"
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)}
    row = rows["Pempek Ekspor Palembang"]
    assert row["Tenaga kerja"] == 4 and row["Jumlah produk"] == 2 and row["NIB"] == "1234567890123"
    assert rows["Songket Ekspor Tutup"]["Tenaga kerja"] is None  # empty, not the text "None"


def test_product_export_only_the_staff_region(client, kab_staff, businesses):
    client.force_login(kab_staff)
    header, *rows = csv_rows(export(client, PRODUCT_EXPORT))
    assert header[:3] == ["Nama produk", "Nama UMKM", "NIB UMKM"]
    assert sorted(r[0] for r in rows) == ["Pempek Kapal Selam Ekspor", "Pempek Lenjer Ekspor"]
    row = dict(zip(header, rows[0]))
    assert row["Kabupaten/kota"] == "Kota Palembang" and row["Tampil di katalog"] == "Ya"


# ---------------------------------------------------------------------------- personal data


def test_staff_choose_the_file_with_personal_data(client, kab_staff, businesses):
    client.force_login(kab_staff)
    html = client.get(BUSINESS_EXPORT).content.decode()
    assert "Data UMKM dengan data pribadi pemilik" in html
    header, *rows = csv_rows(export(client, BUSINESS_EXPORT, resource="1"))
    row = dict(zip(header, next(r for r in rows if r[0] == "Pempek Ekspor Palembang")))
    assert (row["NIK"], row["Nama pemilik"], row["Telepon pemilik"], row["Omzet per bulan (registri)"]) == (
        "1671012345678901", "Siti Pemilik Rahasia", "081299887766", "15000000",
    )
    assert all("1602000000000001" not in value for r in rows for value in r)


def test_the_default_file_has_no_personal_data(client, kab_staff, businesses):
    client.force_login(kab_staff)
    header, *rows = csv_rows(export(client, BUSINESS_EXPORT))
    assert not {"NIK", "Nama pemilik", "Telepon pemilik", "Alamat pemilik"} & set(header)
    assert all(PRIVATE["nik"] not in value and PRIVATE["owner_name"] not in value for r in rows for value in r)


@pytest.fixture
def viewer_without_private_permission(db, palembang):
    """Staff of Palembang who may view businesses but not BusinessPrivate."""
    user = get_user_model().objects.create_user("pengamat", "pengamat@dinas.example", is_staff=True)
    StaffProfile.objects.create(user=user).regencies.set([palembang])
    user.user_permissions.add(Permission.objects.get(content_type__app_label="directory", codename="view_business"))
    return user


def test_without_permission_no_personal_columns_are_offered_or_exported(client, viewer_without_private_permission, businesses):
    client.force_login(viewer_without_private_permission)
    html = client.get(BUSINESS_EXPORT).content.decode()
    assert "NIK" not in html and "data pribadi" not in html
    header, *rows = csv_rows(export(client, BUSINESS_EXPORT))
    assert "NIK" not in header and "Telepon pemilik" not in header
    # Asking for the personal-data file by its index is refused by the form: no file.
    response = export(client, BUSINESS_EXPORT, resource="1")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert PRIVATE["nik"].encode() not in response.content


def test_export_needs_view_permission(client, db, palembang, businesses):
    user = get_user_model().objects.create_user("staf-tanpa-izin", "t@dinas.example", is_staff=True)
    StaffProfile.objects.create(user=user).regencies.set([palembang])
    client.force_login(user)
    assert client.get(BUSINESS_EXPORT).status_code == 403


# ---------------------------------------------------------------------------- formula injection

DANGEROUS = [
    '=HYPERLINK("http://x","klik")',
    "==1+1",
    "+62812 rumus",
    "-5",
    "@SUM(A1)",
    "\tTab di depan",
    "\rCR di depan",
    "  =1+1 berspasi",
]


@pytest.fixture
def dangerous(db, palembang, commit):
    with commit():
        for name in DANGEROUS:
            make_business(palembang, name=name, address="=1+2", sales_channels="@WhatsApp")
    return get_user_model().objects.create_superuser("root", "root@example.id")


def test_csv_cells_that_look_like_formulas_stay_text(client, dangerous):
    client.force_login(dangerous)
    header, *rows = csv_rows(export(client, BUSINESS_EXPORT))
    names = sorted(r[0] for r in rows)
    assert names == sorted("'" + name for name in DANGEROUS)
    addresses = {dict(zip(header, r))["Alamat usaha"] for r in rows}
    channels = {dict(zip(header, r))["Pemasaran"] for r in rows}
    assert addresses == {"'=1+2"} and channels == {"'@WhatsApp"}


def test_xlsx_cells_that_look_like_formulas_are_text_not_formulas(client, dangerous):
    client.force_login(dangerous)
    sheet = xlsx_sheet(export(client, BUSINESS_EXPORT, "xlsx"))
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(DANGEROUS)
    for cell in cells:
        assert cell.data_type == "s" and isinstance(cell.value, str), (cell.value, cell.data_type)
        assert cell.value.startswith("'") and not cell.value.startswith("=")
    # XML turns a stored CR into LF when the file is read back.
    assert sorted(cell.value for cell in cells) == sorted(("'" + name).replace("\r", "\n") for name in DANGEROUS)
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)


@pytest.mark.parametrize("value, expected", [
    ("=1", "'=1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"), (" =x", "' =x"),
    ("Pempek", "Pempek"), ("081234", "081234"), ("", ""), (None, None), (-5, -5), (datetime.date(2025, 1, 1), datetime.date(2025, 1, 1)),
])
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


# ---------------------------------------------------------------------------- queries


@pytest.mark.parametrize("rows", [5, 25])
def test_export_queries_do_not_grow_with_rows(client, kab_staff, palembang, commit, django_assert_num_queries, rows):
    with commit():
        for number in range(rows):
            business = make_business(
                palembang, name=f"Usaha Ekspor {number:02d}", private={"nik": f"{1671000000000000 + number}"},
                certifications=[{"kind": "halal", "number": f"H{number}"}],
            )
            make_product(business)
    client.force_login(kab_staff)
    data = form_data(client, BUSINESS_EXPORT)
    data.update({"format": FORMATS["xlsx"], "resource": "1"})
    # session, user, user permissions, group permissions, staff scope, KBLI kategori (the list's
    # sector filter, built with the list), the businesses (⋈ regency, district, village, private;
    # product count as a subquery), their certificates (one prefetch per batch of 2,000)
    with django_assert_num_queries(8):
        response = client.post(BUSINESS_EXPORT, data)
    assert xlsx_sheet(response).max_row == rows + 1
