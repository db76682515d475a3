"""Staff correct the column mapping of an import (issue 11, item 1): headers people really write,
proposals from the values, a select per column on the preview and reading the kept file again,
names composed from several columns, and saved formats proposed again for the same headers."""

import re

import pytest
from django.urls import reverse

from directory.models import Business, BusinessPrivate
from registry.guessing import is_coordinates, is_person_name, is_phone, propose, value_kind
from registry.headers import Column
from registry.mappings import COMPOSED_INDEX, apply_mapping
from registry.models import ImportFormat, ImportJob
from tests.conftest import run_background_tasks
from tests.test_import_admin import make_staff, post_file, xlsx

pytestmark = pytest.mark.usefixtures("villages")


@pytest.fixture
def staff(db):
    return make_staff("staf-plg", "16.71")


def _job():
    return ImportJob.objects.latest("id")


def _page(client, job):
    response = client.get(reverse("admin:registry_importjob_change", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def _upload(client, rows, **extra):
    response = post_file(client, xlsx(rows), **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_background_tasks()
    return _job()


def _form_data(client, job):
    """The mapping form as the page sends it unchanged: every select and box with its current value."""
    html = _page(client, job)
    form = html[html.index('class="import-mapping"'):]
    form = form[:form.index("</form>")]
    data = {"basis": re.search(r'name="basis" value="([^"]+)"', form).group(1)}
    for name, body in re.findall(r'<select name="(kolom_\d+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input type="checkbox" name="(bagian_\d+)"[^>]*checked', form):
        data[name] = "on"
    return data


def _remap(client, job, changes, **extra):
    data = {**_form_data(client, job), **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("admin:registry_importjob_mapping", args=[job.pk]), {**data, **extra})


def _confirm(client, job):
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message


def _field_of(job, header):
    return next(c["field"] for c in job.columns if c["header"] == header)


# The headers of a real kota IKM directory --------------------------------------------------


IKM_HEADER = [
    "Nama", "TELP/ FAX", "NAMA PEMILIK/ KONTAK PERSON", "KBLI", "NOMOR KBLI", "Tenaga Kerja (L)", "Tenaga Kerja (P)",
    "Kegiatan", "Wilayah",
]
IKM_ROWS = [
    ["Kue Basah Sari Rasa", "0711-354123", "Ratna Dewi", "Industri Kue Basah", "10792", 2, 3, "Makanan", "Ilir Timur I"],
    ["Konveksi Maju", "0812 7788 9900", "Hj. Siti Aminah", "Industri Pakaian Jadi", 14111, 5, 7, "Sandang", "Sukarami"],
    ["Roti Mama", "+62 813-1111-2222", "Budi Santoso", "Industri Roti", "10710", 1, 0, "Makanan", "Kemuning"],
    ["Warung Pak Darto", "081299887766 / 0711-445566", "Darto", "Restoran", "56101", 0, 2, "Kuliner", "Bukit Kecil"],
    ["Songket Cik Ipah", "62 812 3333 4444", "Ipah Maryani", "Industri Kain Tenun", "13122", 4, 10, "Kriya",
     "Ilir Barat I"],
    ["Toko Kue Lina", "0813-5555-6666", "Lina Marlina", "Industri Kue Basah", "10792", "3", "4", "Makanan", "Sukarami"],
]


def test_a_kota_ikm_directory_is_read_as_its_columns_mean(client, staff):
    client.force_login(staff)
    job = _upload(client, [["DIREKTORI IKM KOTA PALEMBANG"], IKM_HEADER, *IKM_ROWS])
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    fields = {c["header"]: c["field"] for c in job.columns}
    assert fields == {
        "Nama": "name", "TELP/ FAX": "phone", "NAMA PEMILIK/ KONTAK PERSON": "owner_name", "KBLI": "",
        "NOMOR KBLI": "kbli", "Tenaga Kerja (L)": "workers_male", "Tenaga Kerja (P)": "workers_female",
        "Kegiatan": "business_type", "Wilayah": "district",
    }
    assert job.counts["new"] == 6 and job.counts["errors"] == 0
    assert not job.problems.filter(column__contains="KBLI").exists()  # no warning about KBLI
    html = _page(client, job)
    # Every column with a sample of its values and why it is read so.
    for sample in ("Kue Basah Sari Rasa", "0711-354123", "Hj. Siti Aminah", "Industri Pakaian Jadi", "14111", "Sukarami"):
        assert sample in html
    assert "Dijumlahkan dengan kolom G (Tenaga Kerja (P))" in html
    assert "kode KBLI dibaca dari kolom E (NOMOR KBLI)" in html
    assert "Berisi nama kecamatan." in html
    _confirm(client, job)
    business = Business.objects.get(name="Konveksi Maju")
    assert business.kbli_id == "14111" and business.workers == 12 and business.district.name == "Sukarami"
    assert business.business_type
    private = BusinessPrivate.objects.get(business=business)
    assert private.owner_name == "Hj. Siti Aminah" and private.owner_phone == "+6281277889900"
    assert Business.objects.get(name="Warung Pak Darto").workers == 2
    darto = BusinessPrivate.objects.get(business__name="Warung Pak Darto")
    assert darto.owner_phone and darto.owner_phone2
    assert BusinessPrivate.objects.filter(owner_phone__startswith="+62").count() == 6
    assert set(Business.objects.values_list("kbli_id", flat=True)) == {"10792", "14111", "10710", "56101", "13122"}
    job.refresh_from_db()
    assert all(not c.get("samples") for c in job.columns)  # no cell of the file kept once it is gone


def test_a_two_row_header_tenaga_kerja_over_l_and_p(client, staff):
    client.force_login(staff)
    job = _upload(client, [
        ["Nama Usaha", "Kecamatan", "TENAGA KERJA", None],
        [None, None, "L", "P"],
        ["Pempek Cek Ani", "Ilir Timur I", 2, 5],
        ["Kopi Bubuk Pak Ali", "Sukarami", 1, 1],
    ])
    assert [c["field"] for c in job.columns] == ["name", "district", "workers_male", "workers_female"]
    _confirm(client, job)
    assert dict(Business.objects.values_list("name", "workers")) == {"Pempek Cek Ani": 7, "Kopi Bubuk Pak Ali": 2}


def test_kontak_of_names_is_the_owner_and_kategori_of_scales_is_the_scale(client, staff):
    client.force_login(staff)
    job = _upload(client, [
        ["Nama Usaha", "Kecamatan", "KONTAK", "Kategori", "Kontak Person", "lat", "lng"],
        ["Pempek Cek Ani", "Ilir Timur I", "Ani Suryani", "Mikro", "0812-1111-2222", -2.976123, 104.775432],
        ["Kopi Bubuk Pak Ali", "Sukarami", "Ali Akbar", "Kecil", "0813 2222 3333", -2.912345, 104.701234],
        ["Tenun Ibu Ros", "Kemuning", "Rosmawati", "MIKRO", "081344445555", -2.954321, 104.742345],
    ])
    fields = {c["header"]: (c["field"], c["source"]) for c in job.columns}
    assert fields["KONTAK"] == ("owner_name", "values")
    assert fields["Kontak Person"] == ("phone", "values")
    assert fields["Kategori"] == ("scale", "values")
    assert fields["lat"][0] == "latitude" and fields["lng"][0] == "longitude"
    _confirm(client, job)
    assert BusinessPrivate.objects.get(business__name="Tenun Ibu Ros").owner_name == "Rosmawati"
    assert BusinessPrivate.objects.get(business__name="Tenun Ibu Ros").owner_phone == "+6281344445555"
    assert Business.objects.get(name="Kopi Bubuk Pak Ali").scale == "kecil"


def test_unnamed_coordinate_columns_are_found_from_their_values(client, staff):
    client.force_login(staff)
    job = _upload(client, [
        ["Nama Usaha", "Kecamatan", "x", "y", "Keterangan Lain"],
        ["Pempek Cek Ani", "Ilir Timur I", 104.775432, -2.976123, "baru"],
        ["Kopi Bubuk Pak Ali", "Sukarami", 104.701234, -2.912345, "lama"],
    ])
    fields = {c["header"]: (c["field"], c["source"]) for c in job.columns}
    assert fields["x"] == ("longitude", "values") and fields["y"] == ("latitude", "values")
    assert fields["Keterangan Lain"] == ("", "")
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2


def test_wilayah_of_kabupaten_names_is_the_regency(client, db):
    client.force_login(make_staff("staf-prov", provincial=True))
    job = _upload(client, [
        ["Nama Usaha", "Wilayah", "No HP"],
        ["Pempek Cek Ani", "Kota Palembang", "0812-1111-2222"],
        ["Kopi Bubuk Pak Ali", "Ogan Komering Ilir", "0813-2222-3333"],
        ["Kerupuk Kemplang", "Kota Prabumulih", "0813-2222-4444"],
    ])
    assert _field_of(job, "Wilayah") == "regency"
    _confirm(client, job)
    assert Business.objects.get(name="Kopi Bubuk Pak Ali").regency_id == "16.02"


# Staff change the mapping -------------------------------------------------------------------


NUMBERED_PHONES = [
    ["Nama Usaha", "Kecamatan", "Nomor", "Catatan Petugas"],
    ["Pempek Cek Ani", "Ilir Timur I", "0812-1111-2222", "Ani Suryani"],
    ["Kopi Bubuk Pak Ali", "Sukarami", "0813-2222-3333", "Ali Akbar"],
    ["Tenun Ibu Ros", "Kemuning", "0813-4444-5555", "Rosmawati"],
]


def test_staff_change_a_column_and_the_kept_file_is_read_again(client, staff):
    client.force_login(staff)
    job = _upload(client, NUMBERED_PHONES)
    assert _field_of(job, "Nomor") == "number"  # the header is plain: the values do not overrule it
    assert _field_of(job, "Catatan Petugas") == ""
    indexes = {c["header"]: c["index"] for c in job.columns}
    response = _remap(client, job, {f"kolom_{indexes['Nomor']}": "phone", f"kolom_{indexes['Catatan Petugas']}": "owner_name"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.mapping["fields"][str(indexes["Nomor"])] == "phone"
    assert run_background_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 3
    assert {c["header"]: (c["field"], c["source"]) for c in job.columns}["Nomor"] == ("phone", "staff")
    assert "pilihan staf" in _page(client, job)
    _confirm(client, job)
    assert BusinessPrivate.objects.get(business__name="Tenun Ibu Ros").owner_phone == "+6281344445555"
    assert BusinessPrivate.objects.get(business__name="Tenun Ibu Ros").owner_name == "Rosmawati"


def test_staff_ignore_a_column(client, staff):
    client.force_login(staff)
    job = _upload(client, [["Nama Usaha", "Kecamatan", "No HP"], ["Pempek Cek Ani", "Ilir Timur I", "0812-1111-2222"]])
    phone = next(c["index"] for c in job.columns if c["field"] == "phone")
    _remap(client, job, {f"kolom_{phone}": ""})
    run_background_tasks()
    job.refresh_from_db()
    assert _field_of(job, "No HP") == "" and "Diabaikan atas pilihan staf." in _page(client, job)
    _confirm(client, job)
    assert not BusinessPrivate.objects.exists()


def test_one_field_for_two_columns_is_refused_naming_both(client, staff):
    client.force_login(staff)
    job = _upload(client, NUMBERED_PHONES)
    indexes = {c["header"]: c["index"] for c in job.columns}
    before = (job.columns, job.mapping, job.counts)
    response = _remap(client, job, {f"kolom_{indexes['Nomor']}": "district"})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "'Kecamatan' dipilih untuk lebih dari satu kolom: B (Kecamatan) dan C (Nomor)" in html
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and (job.columns, job.mapping, job.counts) == before
    assert run_background_tasks() == 0


def test_a_mapping_form_sent_twice_changes_nothing_twice(client, staff):
    client.force_login(staff)
    job = _upload(client, NUMBERED_PHONES)
    nomor = next(c["index"] for c in job.columns if c["header"] == "Nomor")
    data = {**_form_data(client, job), f"kolom_{nomor}": "phone"}
    url = reverse("admin:registry_importjob_mapping", args=[job.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)  # while the first is being read
    assert run_background_tasks() == 1
    job.refresh_from_db()
    mapping, columns = job.mapping, job.columns
    late = client.post(url, data)  # after it was read
    assert run_background_tasks() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.mapping == mapping and job.columns == columns
    assert again.status_code in (200, 302) and late.status_code == 200
    assert "sudah berubah sejak halaman dibuka" in late.content.decode()


def test_an_unchanged_mapping_reads_nothing_again(client, staff):
    client.force_login(staff)
    job = _upload(client, NUMBERED_PHONES)
    assert _remap(client, job, {}).status_code == 302
    assert run_background_tasks() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.mapping == {}


# A header without a name column ------------------------------------------------------------------


NO_NAME = [
    ["DATA PELAKU USAHA DESA"],
    ["Jenis Usaha", "Nama Pemilik", "Kecamatan", "No HP"],
    ["Warung Makan", "Bu Ratna", "Sukarami", "0812-1111-2222"],
    ["Jahit", "Pak Udin", "Kemuning", "0812-3333-4444"],
    ["Kue Basah", "Mbak Sari", "Sukarami", "0813-5555-6666"],
]


def test_a_file_without_a_name_column_waits_for_staff_to_compose_the_name(client, staff):
    client.force_login(staff)
    job = _upload(client, NO_NAME)
    assert job.status == ImportJob.Status.FAILED
    assert "Tidak ada kolom nama usaha" in job.message and "Bagian nama" in job.message
    assert ImportJob.objects.filter(pk=job.pk, file_data__isnull=False).exists()  # kept to read again
    html = _page(client, job)
    assert job.message in html and "Warung Makan" in html and 'class="import-mapping"' in html
    indexes = {c["header"]: c["index"] for c in job.columns}
    parts = {f"bagian_{indexes['Jenis Usaha']}": "on", f"bagian_{indexes['Nama Pemilik']}": "on"}
    # First see what the names would be: nothing changes.
    shown = _remap(client, job, parts, contoh_nama="1")
    assert shown.status_code == 200
    for name in ("Warung Makan Bu Ratna", "Jahit Pak Udin", "Kue Basah Mbak Sari"):
        assert name in shown.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.mapping == {} and run_background_tasks() == 0
    assert _remap(client, job, parts).status_code == 302
    assert run_background_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 3, job.message
    composed = next(c for c in job.columns if c["index"] == COMPOSED_INDEX)
    assert composed["field"] == "name" and composed["samples"][0] == "Warung Makan Bu Ratna"
    assert "Nama usaha disusun dari kolom A + B" in _page(client, job)
    _confirm(client, job)
    business = Business.objects.get(name="Warung Makan Bu Ratna")
    assert business.business_type == "Warung Makan"
    assert BusinessPrivate.objects.get(business=business).owner_name == "Bu Ratna"
    assert Business.objects.count() == 3


def test_a_file_without_a_name_column_can_take_one_column_as_the_name(client, staff):
    client.force_login(staff)
    job = _upload(client, [
        ["Merek", "Kecamatan", "No HP", "Nama Pemilik"],
        ["Kopi Cap Bunga", "Sukarami", "0812-1111-2222", "Ani"],
        ["Sambal Nyonya", "Kemuning", "0812-3333-4444", "Ros"],
    ])
    assert job.status == ImportJob.Status.FAILED
    merek = next(c["index"] for c in job.columns if c["header"] == "Merek")
    _remap(client, job, {f"kolom_{merek}": "name"})
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2
    _confirm(client, job)
    assert set(Business.objects.values_list("name", flat=True)) == {"Kopi Cap Bunga", "Sambal Nyonya"}


def test_a_plain_nama_header_is_the_business_name(client, staff):
    client.force_login(staff)
    job = _upload(client, [["Nama", "Kecamatan", "Alamat"], ["Pempek Cek Ani", "Ilir Timur I", "Jl. Merdeka 1"]])
    assert job.status == ImportJob.Status.PREVIEWED and _field_of(job, "Nama") == "name"


def test_nama_beside_a_business_name_column_is_the_owner_by_its_values(client, staff):
    client.force_login(staff)
    job = _upload(client, [
        ["Nama Usaha", "Nama", "Kecamatan"],
        ["Pempek Cek Ani", "Ani Suryani", "Ilir Timur I"],
        ["Kopi Bubuk Pak Ali", "Ali Akbar", "Sukarami"],
    ])
    assert _field_of(job, "Nama Usaha") == "name" and _field_of(job, "Nama") == "owner_name"


def test_a_product_file_without_a_product_name_column(client, staff, commit):
    from regions.models import Regency
    from tests.conftest import make_business

    with commit():
        make_business(Regency.objects.get(code="16.71"), name="Pempek Cek Ani", nib="9120000000001")
    client.force_login(staff)
    job = _upload(client, [["NIB", "Barang", "Harga", "Kategori"],
                             ["9120000000001", "Pempek Kapal Selam", "15000", "Makanan & minuman olahan"]], kind="product")
    assert job.status == ImportJob.Status.FAILED and "Tidak ada kolom nama produk" in job.message
    barang = next(c["index"] for c in job.columns if c["header"] == "Barang")
    _remap(client, job, {f"kolom_{barang}": "name"})
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 1, job.message


# Saved formats -------------------------------------------------------------------------------------


def test_a_saved_format_is_proposed_again_for_the_same_headers(client, staff):
    client.force_login(staff)
    job = _upload(client, NUMBERED_PHONES)
    nomor = next(c["index"] for c in job.columns if c["header"] == "Nomor")
    _remap(client, job, {f"kolom_{nomor}": "phone"})
    run_background_tasks()
    url = reverse("admin:registry_importjob_format", args=[job.pk])
    assert client.post(url, {"name": "Format Disperindag Kota X"}).status_code == 302
    assert client.post(url, {"name": "Format Disperindag Kota X"}).status_code == 302  # sent twice
    assert ImportFormat.objects.count() == 1
    saved = ImportFormat.objects.get()
    assert saved.mapping["fields"][str(nomor)] == "phone" and saved.created_by == staff
    # Another staff member's later file with the same headers (other case and spacing) and other rows.
    other = make_staff("staf-plg-2", "16.71")
    client.force_login(other)
    later = _upload(client, [["NAMA USAHA", "KECAMATAN", "NOMOR", "CATATAN PETUGAS"],
                             ["Kerupuk Kemplang", "Sukarami", "0813-9999-0000", "Budi"]])
    assert later.status == ImportJob.Status.PREVIEWED and later.applied_format == saved
    assert _field_of(later, "NOMOR") == "phone"
    assert "Format “Format Disperindag Kota X” dipakai; ubah bila perlu." in _page(client, later)
    _confirm(client, later)
    assert BusinessPrivate.objects.get(business__name="Kerupuk Kemplang").owner_phone == "+6281399990000"


def test_formats_are_listed_and_deleted_by_any_staff(client, staff, db):
    ImportFormat.objects.create(name="Format OKI", kind="business", signature="0" * 64, headers=["Nama Usaha"],
                                mapping={"fields": {}}, created_by=make_staff("staf-oki", "16.02"))
    client.force_login(staff)
    listing = client.get(reverse("admin:registry_importformat_changelist"))
    assert listing.status_code == 200 and "Format OKI" in listing.content.decode()
    saved = ImportFormat.objects.get()
    delete = reverse("admin:registry_importformat_delete", args=[saved.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not ImportFormat.objects.exists()


# Who may change a mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("anonymous", 302), ("staff same kabupaten", 302), ("another staff member", 404), ("staff another kabupaten", 404),
    ("provincial staff", 302),
])
@pytest.mark.parametrize("page", ["admin:registry_importjob_mapping", "admin:registry_importjob_format"])
def test_mapping_pages_by_role(client, staff, who, status, page):
    client.force_login(staff)
    job = _upload(client, NUMBERED_PHONES)
    data = _form_data(client, job)
    client.logout()
    users = {"staff same kabupaten": staff, "staff another kabupaten": make_staff("staf-oki", "16.02"),
             "another staff member": make_staff("staf-plg-2", "16.71"),
             "provincial staff": make_staff("staf-prov", provincial=True)}
    if who in users:
        client.force_login(users[who])
    nomor = next(c["index"] for c in job.columns if c["header"] == "Nomor")
    response = client.post(reverse(page, args=[job.pk]), {**data, f"kolom_{nomor}": "phone", "name": "Format A"})
    assert response.status_code == status
    job.refresh_from_db()
    if who == "anonymous":
        assert "/admin/login/" in response["Location"]
    changed = job.mapping != {} or ImportFormat.objects.exists()
    assert changed == (status == 302 and who != "anonymous")
    if status == 302 and who != "anonymous":
        assert client.get(reverse(page, args=[job.pk])).status_code == 405


def test_format_list_by_role(client, db):
    client.force_login(make_staff("staf-oki", "16.02"))
    assert client.get(reverse("admin:registry_importformat_changelist")).status_code == 200
    client.logout()
    assert client.get(reverse("admin:registry_importformat_changelist")).status_code == 302


# The guesses themselves -----------------------------------------------------------------------------


@pytest.mark.parametrize("values, kind", [
    (["0812-1111-2222", "+62 813 2222 3333", "0711-354123", "081299887766 / 0711-445566", 81234567890], "phone"),
    (["10792", 14111, "47111, 56101", 1111], "kbli"),
    (["1671012345670001", 1671012345670002, "1671 0123 4567 0003"], "nik"),
    (["9120000000001", 1234567890123], "nib"),
    (["ani@example.id", "budi.s@mail.co.id"], "email"),
    (["Ratna Dewi", "Hj. Siti Aminah", "BUDI S.", "Darto"], "person"),
    (["Warung Makan Bu Ratna", "Toko Kue Lina", "CV Maju"], "text"),
    ([-2.976123, "-2.912345", "-3,001234"], "latitude"),
    ([104.775432, "104.701234"], "longitude"),
    (["-2.976123, 104.775432", "-2,9123 104,7012", "104.7012, -2.9123"], "coordinates"),
    (["Mikro", "KECIL", "Usaha Menengah"], "scale"),
    ([None, "", "-"], None),
])
def test_value_kind(values, kind):
    assert value_kind(values) == kind


def test_single_values():
    assert is_phone("0812 7788 9900") and not is_phone("30126") and not is_phone("9120000000001")
    assert is_coordinates("-2.976123, 104.775432") and not is_coordinates("2, 3")
    assert is_person_name("Ratna") and not is_person_name("Warung Pak Darto") and not is_person_name("Blok A 12")


def _columns(*headers, fields=None):
    fields = fields or [None] * len(headers)
    return [Column(i, chr(65 + i), header, field, "", field) for i, (header, field) in enumerate(zip(headers, fields))]


def test_values_decide_between_two_kbli_columns_either_way():
    for order in ((0, 1), (1, 0)):
        headers = ["KBLI", "NOMOR KBLI"]
        values = [["Industri Kue Basah", "10792"], ["Restoran", "56101"]]
        columns = _columns(*[headers[i] for i in order], fields=["kbli", None])
        columns[1] = columns[1]._replace(named="kbli")
        rows = [tuple(row[i] for i in order) for row in values]
        proposed = {c.header: c.field for c in propose(columns, rows, "business")}
        assert proposed == {"NOMOR KBLI": "kbli", "KBLI": "business_type"}


def test_the_header_wins_when_it_is_plain():
    columns = _columns("No HP", "Nama Usaha", fields=["phone", "name"])
    proposed = propose(columns, [("Ani", "Pempek Ani"), ("Budi", "Toko Budi")], "business")
    assert [c.field for c in proposed] == ["phone", "name"]


def test_postal_codes_are_not_a_kbli():
    columns = _columns("Nama Usaha", "Kode Pos", fields=["name", None])
    proposed = propose(columns, [("Pempek Ani", "30126"), ("Toko Budi", "30128")], "business")
    assert proposed[1].field is None


def test_a_lone_decimal_column_is_not_a_coordinate():
    columns = _columns("Nama Usaha", "Luas", fields=["name", None])
    assert propose(columns, [("Pempek Ani", 2.2501), ("Toko Budi", 1.7503)], "business")[1].field is None


def test_wilayah_asks_the_place_check():
    columns = _columns("Nama Usaha", "Wilayah", fields=["name", None])
    asked = []

    def place_kind(values):
        asked.append(values)
        return "district"

    proposed = propose(columns, [("Pempek Ani", "Sukarami")], "business", place_kind=place_kind)
    assert proposed[1].field == "district" and asked == [["Sukarami"]]


def test_apply_mapping_composes_the_name_and_keeps_the_parts_fields():
    columns = _columns("Jenis Usaha", "Nama Pemilik", "No HP", fields=["business_type", "owner_name", "phone"])
    mapping = {"fields": {"0": "business_type", "1": "owner_name", "2": ""}, "name_parts": [1, 0]}
    result, parts = apply_mapping(columns, mapping, "staff", "business")
    assert parts == [0, 1]
    assert [(c.field, c.source) for c in result] == [("business_type", "header"), ("owner_name", "header"), (None, "")]


def test_apply_mapping_trusts_a_format_no_further_than_its_fields():
    columns = _columns("A", "B", fields=[None, None])
    result, _parts = apply_mapping(columns, {"fields": {"0": "phone", "1": "phone"}}, "format", "business")
    assert [c.field for c in result] == ["phone", None]
    result, _parts = apply_mapping(columns, {"fields": {"0": "no_such_field"}}, "format", "business")
    assert result[0].field is None
