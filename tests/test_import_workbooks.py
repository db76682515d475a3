"""Workbooks and layouts through the admin import flow: every sheet is read and listed, sheets
with the same columns are imported together (rows of two sheets never collide), staff may
leave sheets out and read again, each problem names its sheet; column-number rows with gaps,
continuation rows, section titles and a CSV's JUMLAH/TOTAL footer are no data; identical
problems are grouped, and the preview page costs the same queries for 10 problems as for 300."""

import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from directory.models import Business
from registry.models import ImportChange, ImportJob
from registry.rows import SHEET_ROW_BASE
from tests.conftest import run_background_tasks
from tests.test_import_admin import make_staff, post_file

pytestmark = pytest.mark.usefixtures("villages")

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
HEADER = [
    "No", "Nama Usaha", "Nama Pemilik", "Kabupaten/Kota", "Kecamatan", "No HP", "Produk Utama", "Omzet", "Tenaga Kerja",
]


def workbook(*sheets):
    """An .xlsx of (title, rows) sheets; a sheet without rows stays empty."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def business(number, name, district="Ilir Timur I", phone=None, product="Pempek"):
    return [number, name, "Pemilik", "Kota Palembang", district, phone or f"0812{number:08d}", product, 1_500_000, 3]


def sector(title, businesses):
    """A sector sheet as a dinas lays it out: a title, a blank row, the header on row 3, data from row 4."""
    return (title, [[f"DAFTAR IKM SEKTOR {title.upper()}"], [], HEADER, *businesses])


RECAP = ("Rekap", [
    ["REKAP IKM PER KECAMATAN"],
    [],
    ["No", "Kecamatan", "Jumlah IKM", "Tenaga Kerja"],
    [1, "Ilir Timur I", "=COUNTIF(Kuliner!E:E,B4)", 12],
    [2, "Bukit Kecil", 4, 9],
    [3, "Seberang Ulu I", 7, 30],
    [None, "JUMLAH", "=SUM(C4:C6)", "=SUM(D4:D6)"],
])


def four_sheets():
    return workbook(
        sector("Kuliner", [business(1, "Pempek Cek Ani"), business(2, "Kue Sari"), business(3, "Warung Budi")]),
        sector("Kriya", [business(1, "Songket Cik Ipah"), business(2, "Anyaman Purun", district="Kecamatan Entah")]),
        RECAP,
        ("Kosong", []),
    )


@pytest.fixture
def staff(db):
    return make_staff("staf-plg", "16.71")


def upload(client, data, name="ikm.xlsx"):
    response = post_file(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    return job


def page(client, job, **params):
    response = client.get(reverse("admin:registry_importjob_change", args=[job.pk]), params)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def confirm(client, job):
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def choose_sheets(client, job, *names):
    return client.post(reverse("admin:registry_importjob_sheets", args=[job.pk]), {"sheet": names})


# Every sheet ------------------------------------------------------------------------------------


def test_both_data_sheets_are_imported_and_every_sheet_is_listed(client, staff):
    client.force_login(staff)
    job = upload(client, four_sheets())

    assert [(sheet["name"], sheet["found"]) for sheet in job.sheets] == [
        ("Kuliner", "data"), ("Kriya", "data"), ("Rekap", "recap"), ("Kosong", "empty"),
    ]
    assert {sheet["name"]: sheet["data_rows"] for sheet in job.sheets if sheet["found"] == "data"} == {
        "Kuliner": 3, "Kriya": 2}
    assert job.sheet == "Kuliner"
    assert job.counts["rows"] == 5 and job.counts["new"] == 4 and job.counts["errors"] == 1
    html = page(client, job)
    for text in ("Kuliner", "Kriya", "Rekap/pivot", "Kosong", "3 baris data", "2 baris data"):
        assert text in html, text
    assert "Konfirmasi: simpan 4 baru" in html

    confirm(client, job)
    # Row 4 of Kuliner and row 4 of Kriya are two businesses, each recorded once.
    assert set(Business.objects.values_list("name", flat=True)) == {
        "Pempek Cek Ani", "Kue Sari", "Warung Budi", "Songket Cik Ipah"}
    rows = list(ImportChange.objects.filter(job=job).values_list("row", flat=True))
    assert sorted(rows) == [4, 5, 6, SHEET_ROW_BASE + 4]
    assert "Baris 4 (sheet 'Kriya')" in page(client, job)


def test_a_problem_on_the_second_sheet_names_that_sheet(client, staff):
    client.force_login(staff)
    job = upload(client, four_sheets())

    problem = job.problems.get(severity="error")
    assert problem.sheet == "Kriya" and problem.row == SHEET_ROW_BASE + 5
    assert "Kecamatan 'Kecamatan Entah' tidak ada" in problem.message
    assert "5 (sheet 'Kriya')" in page(client, job)

    download = client.get(reverse("admin:registry_importjob_problems", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("SHEET", "BARIS ASAL", "No")
    assert rows[1][:3] == ("Kriya", 5, "2")


def test_a_duplicate_on_another_sheet_names_the_sheet_of_the_first(client, staff):
    client.force_login(staff)
    data = workbook(
        sector("Kuliner", [business(1, "Pempek Cek Ani", phone="081211112222")]),
        sector("Kriya", [business(1, "Pempek Cek Ani", phone="081211112222")]),
    )
    job = upload(client, data)
    duplicate = job.problems.get(severity="duplicate")
    assert duplicate.sheet == "Kriya"
    assert "Duplikat baris 4 (sheet 'Kuliner')" in duplicate.message


def test_a_sheet_with_other_columns_is_listed_with_what_to_do(client, staff):
    client.force_login(staff)
    other = ("Lain", [["Nama Usaha", "Kabupaten/Kota", "Alamat"], ["Toko Lain", "Kota Palembang", "Jl. Merdeka"]])
    job = upload(client, workbook(sector("Kuliner", [business(1, "Pempek Cek Ani")]), other))
    listed = {sheet["name"]: sheet for sheet in job.sheets}
    assert listed["Lain"]["found"] == "other_columns" and listed["Lain"]["choosable"]
    assert "kecualikan sheet 'Kuliner' lalu baca ulang" in listed["Lain"]["note"]
    assert job.counts["rows"] == 1

    # Leaving the main sheet out reads the other one, under its own header.
    choose_sheets(client, job, "Lain")
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.sheet == "Lain"
    assert job.counts["rows"] == 1 and job.counts["new"] == 1


def test_excluding_a_sheet_and_reading_again(client, staff):
    client.force_login(staff)
    job = upload(client, four_sheets())
    problems_before = job.problems.count()

    response = choose_sheets(client, job, "Kuliner")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.excluded_sheets == ["Kriya"]
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.counts["rows"] == 3 and job.counts["errors"] == 0
    assert problems_before == 1 and not job.problems.exists()
    assert {sheet["name"]: sheet["found"] for sheet in job.sheets}["Kriya"] == "excluded"

    # Sent again: nothing is read again.
    choose_sheets(client, job, "Kuliner")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert "tidak berubah" in page(client, job)

    # Nothing chosen: refused, the preview stays.
    choose_sheets(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.excluded_sheets == ["Kriya"]
    assert "Pilih minimal satu sheet" in page(client, job)

    confirm(client, job)
    assert set(Business.objects.values_list("name", flat=True)) == {"Pempek Cek Ani", "Kue Sari", "Warung Budi"}


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("uploader", 302), ("staff same kabupaten", 404), ("staff another kabupaten", 404),
    ("provincial staff", 302),
])
def test_sheet_choice_by_role(client, staff, who, status):
    client.force_login(staff)
    job = upload(client, four_sheets())
    client.logout()
    users = {
        "uploader": staff,
        "staff same kabupaten": make_staff("staf-plg-2", "16.71"),  # someone else's import stays invisible
        "staff another kabupaten": make_staff("staf-oki", "16.02"),
        "provincial staff": make_staff("staf-prov", provincial=True),
    }
    if who in users:
        client.force_login(users[who])
    assert client.get(reverse("admin:registry_importjob_sheets", args=[job.pk])).status_code == (
        302 if who == "anonymous" else 405)
    response = choose_sheets(client, job, "Kuliner")
    assert response.status_code == status
    job.refresh_from_db()
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]
    rereading = who in ("uploader", "provincial staff")
    assert job.excluded_sheets == (["Kriya"] if rereading else [])
    assert job.status == (ImportJob.Status.QUEUED if rereading else ImportJob.Status.PREVIEWED)


def test_the_provincial_workbook_reads_its_business_list_only(client, staff):
    """Its product list has other columns and its recap counts per kabupaten: neither is imported,
    nothing is counted twice (tests/test_import_samples.py checks every figure)."""
    client.force_login(make_staff("staf-prov", provincial=True))
    data = (SAMPLES / "registry_sumsel_dinas_2024.xlsx").read_bytes()
    job = upload(client, data, "registry_sumsel_dinas_2024.xlsx")
    assert [(sheet["name"], sheet["found"]) for sheet in job.sheets] == [
        ("DATA UMKM", "data"), ("PRODUK", "other_columns"), ("REKAP", "recap"),
    ]
    assert job.counts["rows"] == 1202


# Layouts ----------------------------------------------------------------------------------------


def test_a_column_number_row_with_gaps_is_no_data(client, staff):
    client.force_login(staff)
    rows = [HEADER, [1, 2, None, 4, 5, None, 7, 8, 9], business(1, "Pempek Cek Ani"),
            ["(1)", "(2)", "(3)", None, "(5)", "(6)", None, "(8)", "(9)"], business(2, "Kue Sari")]
    job = upload(client, workbook(("Data", rows)))
    assert job.skipped_rows["column_numbers"] == [2, 4]
    assert job.counts["rows"] == 2 and job.counts["errors"] == 0


def test_continuation_rows_go_on_with_the_business_above(client, staff):
    client.force_login(staff)
    rows = [
        HEADER,
        business(1, "Kerupuk Bu Ratna", product="Kerupuk"),
        [None, None, None, None, None, None, "Kemplang"],  # a second product line
        [None, None, None, None, None, None, "Tekwan"],
        business(2, "Kue Sari", product="Bolu"),
        [None, None, None, None, None, None, None, 2_000_000],  # a second omzet: cannot be added
        business(3, "Warung Budi"),
    ]
    job = upload(client, workbook(("Data", rows)))
    assert job.counts["rows"] == 3 and job.counts["errors"] == 0
    assert not job.problems.filter(message__contains="Nama usaha kosong").exists()
    assert job.skipped_rows["continuation"] == [3, 4]
    assert job.skipped_rows["continuation_dropped"] == [6]
    html = page(client, job)
    assert "Baris lanjutan tanpa nama usaha" in html
    confirm(client, job)
    assert Business.objects.get(name="Kerupuk Bu Ratna").main_products == "Kerupuk, Kemplang, Tekwan"
    assert Business.objects.get(name="Kue Sari").main_products == "Bolu"


def test_a_row_without_a_name_but_with_a_number_is_still_an_error(client, staff):
    client.force_login(staff)
    rows = [HEADER, business(1, "Kerupuk Bu Ratna"), business(2, None)]
    job = upload(client, workbook(("Data", rows)))
    assert job.problems.filter(message__contains="Nama usaha kosong").count() == 1


def test_section_titles_are_no_errors(client, staff):
    client.force_login(staff)
    rows = [
        HEADER,
        ["A.", None, "INDUSTRI PANGAN"],
        business(1, "Kerupuk Bu Ratna"),
        [None, None, None, None, "KECAMATAN ILIR BARAT I"],  # under a business, in the kecamatan column
        business(2, "Kue Sari"),
        ["KECAMATAN BUKIT KECIL"],
        business(3, "Warung Budi"),
    ]
    job = upload(client, workbook(("Data", rows)))
    assert job.skipped_rows["section"] == [2, 4, 6]
    assert job.counts["rows"] == 3 and job.counts["errors"] == 0


def test_jumlah_and_total_footers_of_a_csv_are_no_data(client, staff):
    client.force_login(staff)
    lines = [";".join(HEADER)]
    lines += [";".join(map(str, business(n, f"Usaha {n}"))) for n in range(1, 6)]
    # Every cell of a CSV is text: the totals beside the label too.
    lines += [
        ";JUMLAH;;;;;5;7.500.000;15",
        ";TOTAL UMKM;5;;;;;7.500.000;15",
        "",
        ";;;;Palembang, 31 Desember 2023",
        ";;;;KEPALA DINAS",
    ]
    job = upload(client, ("\r\n".join(lines) + "\r\n").encode(), "ikm.csv")
    assert job.counts["rows"] == 5 and job.counts["errors"] == 0
    assert job.skipped_rows["footer"] == [7, 8, 10, 11]


# Grouped problems -------------------------------------------------------------------------------


def same_error_rows(count, distinct=False):
    districts = [f"Kecamatan Salah {n}" if distinct else "Antah Berantah" for n in range(count)]
    return [HEADER, *(business(n + 1, f"Usaha {n + 1}", district=districts[n]) for n in range(count))]


def test_identical_problems_are_one_message_with_their_rows(client, staff):
    client.force_login(staff)
    job = upload(client, workbook(("Data", same_error_rows(300))))
    assert job.problems.filter(severity="error").count() == 300
    html = page(client, job)
    assert html.count("300 baris:") == 1
    assert html.count("Kecamatan 'Antah Berantah' tidak ada") == 2  # the group and the most frequent problem
    assert "2, 3, 4, 5" in html and "… dan 100 lainnya" in html
    assert "Halaman 1 dari" not in html
    # Nothing to save: no confirmation, but what to fix.
    assert "Konfirmasi: simpan" not in html
    assert "Tidak ada yang bisa disimpan" in html and "Masalah yang paling sering (300 baris)" in html


def test_preview_page_queries_do_not_grow_with_the_problems(client, staff):
    client.force_login(staff)
    counts = []
    for rows in (10, 300):
        job = upload(client, workbook(("Data", same_error_rows(rows, distinct=True))))
        assert job.problems.count() == rows
        page(client, job)  # warm caches (session, content types)
        with CaptureQueriesContext(connection) as queries:
            page(client, job)
        counts.append(len(queries))
    # session, user, staff profile …, the job, the problem totals, the groups (count, page, their rows),
    # the most frequent problem: the same for 10 groups as for 50 (a page) of 300.
    assert counts[0] == counts[1], counts


def test_staff_remapping_a_column_applies_to_every_sheet_read_together(client, staff):
    from tests.test_import_mapping import _remap

    client.force_login(staff)
    job = upload(client, workbook(
        sector("Kuliner", [business(1, "Pempek Cek Ani", product="Pempek")]),
        sector("Kriya", [business(1, "Songket Cik Ipah", product="Songket")]),
    ))
    products = next(c["index"] for c in job.columns if c["header"] == "Produk Utama")
    assert _remap(client, job, {f"kolom_{products}": ""}).status_code == 302  # ignore the column
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    assert [sheet["found"] for sheet in job.sheets] == ["data", "data"]
    confirm(client, job)
    assert list(Business.objects.values_list("main_products", flat=True)) == ["", ""]
