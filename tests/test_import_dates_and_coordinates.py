"""What an import says about when the data was taken and where the business is: the date of
the data (a TANGGAL PENDATAAN column, or a date given at upload) is recorded_on, never a
verification; coordinates go to the private data, checked against Indonesia's extent, and
reach the public only when the owner publishes them. Through the admin import flow with
spreadsheets written here."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from directory.models import Business, BusinessPrivate
from registry.models import ImportJob, ImportProblem
from tests.conftest import make_product, run_background_tasks
from tests.test_import_admin import make_staff, post_file, xlsx

pytestmark = pytest.mark.usefixtures("villages")

HEADER = ["No", "Nama Usaha", "Kabupaten/Kota", "Kecamatan"]


@pytest.fixture
def staff(db):
    return make_staff("staf-tanggal", "16.71")


def rows_of(names, *extra_columns):
    """Data rows in Kota Palembang, Ilir Timur I, one per name, each followed by its extra cells."""
    return [[n, name, "Kota Palembang", "Ilir Timur I", *extra] for n, (name, *extra) in enumerate(names, start=1)]


def preview(client, rows, **upload):
    response = post_file(client, xlsx(rows), **upload)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    return job


def import_rows(client, rows, commit, **upload):
    job = preview(client, rows, **upload)
    with commit():
        client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def warnings_of(job):
    return {p.row: (p.column, p.message) for p in job.problems.filter(severity=ImportProblem.Severity.WARNING)}


def public_html(business):
    response = Client().get(business.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# ---------------------------------------------------------------------------- dates


def test_a_tanggal_pendataan_column_dates_each_row_in_the_way_it_is_written(client, staff, commit):
    client.force_login(staff)
    dated = [
        ("Usaha Excel", datetime.datetime(2021, 5, 4)),
        ("Usaha Garis Miring", "12/03/2020"),
        ("Usaha ISO", "2019-07-01"),
        ("Usaha Bulan Kata", "12 Maret 2020"),
        ("Usaha Bulan Tahun", "Maret 2020"),
        ("Usaha Tahun Saja", "2020"),
        ("Usaha Tanggal Aneh", "kemarin sore"),
        ("Usaha Masa Depan", "2099"),
        ("Usaha Zaman Belanda", "17/08/1930"),
        ("Usaha Tanpa Tanggal", None),
    ]
    job = import_rows(client, [[*HEADER, "Tanggal Pendataan"], *rows_of(dated)], commit)
    recorded = dict(Business.objects.values_list("name", "recorded_on"))
    assert recorded == {
        "Usaha Excel": datetime.date(2021, 5, 4),
        "Usaha Garis Miring": datetime.date(2020, 3, 12),
        "Usaha ISO": datetime.date(2019, 7, 1),
        "Usaha Bulan Kata": datetime.date(2020, 3, 12),
        "Usaha Bulan Tahun": datetime.date(2020, 3, 1),
        "Usaha Tahun Saja": datetime.date(2020, 1, 1),
        "Usaha Tanggal Aneh": None,
        "Usaha Masa Depan": None,
        "Usaha Zaman Belanda": None,
        "Usaha Tanpa Tanggal": None,
    }
    warnings = warnings_of(job)
    assert set(warnings) == {8, 9, 10}  # Excel rows of the three unusable dates; the rows are imported
    assert warnings[8] == ("E (Tanggal Pendataan)", warnings[8][1]) and "'kemarin sore' tidak terbaca" in warnings[8][1]
    assert "masa depan" in warnings[9][1] and "1945" in warnings[10][1]
    # Nothing an import does is a verification.
    assert not Business.objects.filter(verified_on__isnull=False).exists()
    assert Business.objects.filter(status=Business.Status.ACTIVE).count() == len(dated)


def test_a_date_given_at_upload_dates_every_row_and_a_row_of_its_own_beats_it(client, staff, commit):
    client.force_login(staff)
    job = import_rows(client, [HEADER, *rows_of([("Usaha Satu",), ("Usaha Dua",)])], commit, recorded_on="Maret 2020")
    assert job.recorded_on == datetime.date(2020, 3, 1)
    assert set(Business.objects.values_list("recorded_on", flat=True)) == {datetime.date(2020, 3, 1)}
    page = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert "Tanggal data berkas" in page and "1 Maret 2020" in page

    mixed = [("Usaha Tiga", "05/06/2019"), ("Usaha Empat", "")]
    import_rows(client, [[*HEADER, "Tgl Pendataan"], *rows_of(mixed)], commit, recorded_on="2020")
    assert Business.objects.get(name="Usaha Tiga").recorded_on == datetime.date(2019, 6, 5)
    assert Business.objects.get(name="Usaha Empat").recorded_on == datetime.date(2020, 1, 1)


def test_without_a_date_the_date_of_the_data_stays_unknown_and_the_page_says_nothing(client, staff, commit):
    client.force_login(staff)
    import_rows(client, [HEADER, *rows_of([("Usaha Tanpa Data",)])], commit)
    business = Business.objects.get()
    assert (business.recorded_on, business.verified_on, business.status) == (None, None, Business.Status.ACTIVE)
    html = public_html(business)
    assert "Usaha Tanpa Data" in html
    assert "iverifikasi" not in html and "Data dinas tahun" not in html


@pytest.mark.parametrize("written, message", [
    ("besok lusa", "Tanggal tidak terbaca"),
    ("2099", "masa depan"),
    ("1900", "1945"),
])
def test_an_unusable_upload_date_is_refused_on_the_form(client, staff, written, message):
    client.force_login(staff)
    response = post_file(client, xlsx([HEADER, *rows_of([("Usaha",)])]), recorded_on=written)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_imported_data_is_data_of_its_year_not_verified_until_staff_verify_it(client, staff, commit):
    client.force_login(staff)
    import_rows(client, [[*HEADER, "Tanggal Pendataan"], *rows_of([("Pempek Data Lama", "12/03/2020")])], commit)
    business = Business.objects.get()
    with commit():
        product = make_product(business, name="Pempek Kapal Selam Data Lama")
    for html in (public_html(business), public_html(product)):
        assert "Data dinas tahun 2020" in html
        assert "iverifikasi" not in html

    with commit():
        response = client.post("/admin/directory/business/", {
            "action": "mark_active", "_selected_action": [business.pk], "index": "0",
        })
    assert response.status_code == 302
    business.refresh_from_db()
    today = datetime.date.today()
    assert business.verified_on == today and business.recorded_on == datetime.date(2020, 3, 12)
    for html in (public_html(business), public_html(product)):
        assert f"Diverifikasi dinas, terakhir {date_format(today, 'j F Y')}" in html
        assert "Data dinas tahun" not in html


def test_a_later_import_moves_the_date_forward_never_back(client, staff, commit):
    client.force_login(staff)
    rows = [[*HEADER, "Tanggal Pendataan", "Skala"]]
    import_rows(client, rows + rows_of([("Kopi Bubuk Pagi", "01/06/2022", "Mikro")]), commit)
    business = Business.objects.get()
    assert business.recorded_on == datetime.date(2022, 6, 1)

    older = import_rows(client, rows + rows_of([("Kopi Bubuk Pagi", "2020", "Kecil")]), commit)
    business.refresh_from_db()
    assert older.counts["updated"] == 1 and business.scale == "kecil"  # the older file still updates what it says
    assert business.recorded_on == datetime.date(2022, 6, 1)

    same = import_rows(client, rows + rows_of([("Kopi Bubuk Pagi", "01/06/2022", "Kecil")]), commit)
    assert (same.counts["updated"], same.counts["unchanged"]) == (0, 1)

    newer = import_rows(client, rows + rows_of([("Kopi Bubuk Pagi", "15 Januari 2024", "Kecil")]), commit)
    business.refresh_from_db()
    assert newer.counts["updated"] == 1 and business.recorded_on == datetime.date(2024, 1, 15)
    assert business.verified_on is None


# ---------------------------------------------------------------------------- coordinates


def location_of(name):
    private = BusinessPrivate.objects.filter(business__name=name).first()
    return (private.latitude, private.longitude) if private else (None, None)


def test_latitude_and_longitude_columns_are_checked_swapped_back_and_never_refuse_a_row(client, staff, commit):
    client.force_login(staff)
    located = [
        ("Usaha Titik Angka", -2.9761, 104.7754),
        ("Usaha Koma Desimal", "-2,97612345", "104,77541"),
        ("Usaha Tertukar", 104.7754, -2.9761),
        ("Usaha Di Eropa", 52.37, 4.89),
        ("Usaha Tanpa Minus Tertukar", "104.7", "abc"),
        ("Usaha Derajat", "2°58'34\"S", "104°46'31\"E"),
        ("Usaha Lintang Saja", "-2.9761", None),
        ("Usaha Tanpa Titik", None, None),
    ]
    job = import_rows(client, [[*HEADER, "Lat", "Lng"], *rows_of(located)], commit)
    assert Business.objects.count() == len(located)
    six = Decimal("0.000001")
    assert location_of("Usaha Titik Angka") == (Decimal("-2.976100"), Decimal("104.775400"))
    assert location_of("Usaha Koma Desimal") == (Decimal("-2.976123"), Decimal("104.775410"))  # rounded to 6 decimals
    assert location_of("Usaha Tertukar") == (Decimal("-2.976100"), Decimal("104.775400"))
    assert location_of("Usaha Derajat") == (Decimal("-2.976111"), Decimal("104.775278"))
    assert all(value is None or value == value.quantize(six) for name, *_ in located for value in location_of(name))
    for name in ("Usaha Di Eropa", "Usaha Tanpa Minus Tertukar", "Usaha Lintang Saja", "Usaha Tanpa Titik"):
        assert location_of(name) == (None, None), name
    warnings = warnings_of(job)
    assert set(warnings) == {4, 5, 6, 8}
    assert warnings[4] == ("E (Lat), F (Lng)", warnings[4][1]) and "tertukar" in warnings[4][1]
    assert "di luar Indonesia" in warnings[5][1]
    assert "tidak terbaca" in warnings[6][1]
    assert "Hanya lintang atau bujur" in warnings[8][1] and warnings[8][0] == "E (Lat)"
    # A location is personal data: the messages never repeat it.
    for _column, message in warnings.values():
        for digits in ("2.9761", "2,9761", "104.7754", "104,7754", "52.37", "4.89"):
            assert digits not in message


def test_one_coordinates_column_is_read_as_written(client, staff, commit):
    client.force_login(staff)
    located = [
        ("Usaha Koma Spasi", "-2.9761, 104.7754"),
        ("Usaha Koma Indonesia", "-2,9761 104,7754"),
        ("Usaha Titik Koma", "-3,1234;104,5678"),
        ("Usaha DMS", "2°58'34\"S 104°46'31\"E"),
        ("Usaha Terbalik", "104.7754, -2.9761"),
        ("Usaha Alamat", "Jl. Merdeka No. 5"),
    ]
    job = import_rows(client, [[*HEADER, "Titik Koordinat"], *rows_of(located)], commit)
    expected = (Decimal("-2.976100"), Decimal("104.775400"))
    assert location_of("Usaha Koma Spasi") == expected
    assert location_of("Usaha Koma Indonesia") == expected
    assert location_of("Usaha Titik Koma") == (Decimal("-3.123400"), Decimal("104.567800"))
    assert location_of("Usaha DMS") == (Decimal("-2.976111"), Decimal("104.775278"))
    assert location_of("Usaha Terbalik") == expected
    assert location_of("Usaha Alamat") == (None, None) and Business.objects.filter(name="Usaha Alamat").exists()
    warnings = warnings_of(job)
    assert set(warnings) == {6, 7}
    assert warnings[7][0] == "E (Titik Koordinat)" and "tidak terbaca" in warnings[7][1]


def test_a_later_import_moves_a_business_only_when_its_file_gives_a_location(client, staff, commit):
    client.force_login(staff)
    header = [*HEADER, "No HP", "Latitude", "Longitude"]
    import_rows(client, [header, *rows_of([("Songket Titik", "081211112222", "-2.9761", "104.7754")])], commit)
    assert location_of("Songket Titik") == (Decimal("-2.976100"), Decimal("104.775400"))

    without = import_rows(client, [header, *rows_of([("Songket Titik", "081211112222", None, None)])], commit)
    assert without.counts["unchanged"] == 1
    assert location_of("Songket Titik") == (Decimal("-2.976100"), Decimal("104.775400"))

    moved = import_rows(client, [header, *rows_of([("Songket Titik", "081211112222", "-2.9800", "104.7700")])], commit)
    assert moved.counts["updated"] == 1
    assert location_of("Songket Titik") == (Decimal("-2.980000"), Decimal("104.770000"))
    business = Business.objects.get()
    assert business.private.owner_phone == "+6281211112222" and not business.location_public
    assert "2.98" not in public_html(business)


def test_a_new_business_with_only_coordinates_gets_its_private_record(client, staff, commit):
    client.force_login(staff)
    import_rows(client, [[*HEADER, "Lintang", "Bujur"], *rows_of([("Usaha Hanya Titik", "-2.9", "104.7")])], commit)
    assert location_of("Usaha Hanya Titik") == (Decimal("-2.900000"), Decimal("104.700000"))
