"""A place for the whole file (kabupaten/kota, kecamatan, desa) chosen at upload or in the preview,
and desa problems that never cost a business whose kecamatan is sound. Every test writes its own
spreadsheet and goes through the admin: upload → background reading → preview (→ new place, read
again) → confirm → background commit. Real Sumatera Selatan names from the `villages` fixture."""

import pytest
from django.urls import reverse

from directory.models import Business
from registry.models import ImportJob
from tests.conftest import run_background_tasks
from tests.test_import_admin import make_staff, post_file, xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("villages")]

ILIR_TIMUR_TIGA = "16.71.18"
SEMBILAN_ILIR = "16.71.18.1002"  # kelurahan of Ilir Timur Tiga, split from Ilir Timur Dua in 2007
DELAPAN_ILIR = "16.71.18.1001"
ILIR_TIMUR_SATU = "16.71.05"
BUKIT_KECIL = "16.71.11"

CITY_NAME_MESSAGE = (
    "Kolom kecamatan berisi nama Kota Palembang sendiri, bukan nama kecamatan. Pilih kecamatan untuk seluruh "
    "berkas, atau centang “nama kabupaten/kota di kolom kecamatan berarti kosong” (bagian Tempat seluruh berkas), "
    "lalu baca ulang; atau abaikan kolom ini."
)


@pytest.fixture
def palembang_staff(db):
    return make_staff("staf-plg", "16.71")


@pytest.fixture
def prabumulih_staff(db):
    return make_staff("staf-pbm", "16.74")


def latest_job():
    job = ImportJob.objects.latest("id")
    job.refresh_from_db()
    return job


def upload(client, rows, **place):
    response = post_file(client, xlsx(rows), **place)
    assert response.status_code == 302, response.content.decode()[:3000]
    run_background_tasks()
    job = latest_job()
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    return job


def confirm(client, job):
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def place(client, job, **fields):
    data = {"default_regency": "", "default_district": "", "default_village": "", **fields}
    return client.post(reverse("admin:registry_importjob_place", args=[job.pk]), data)


def messages_of(job, severity):
    return list(job.problems.filter(severity=severity).order_by("row").values_list("message", flat=True))


def places_of_businesses():
    return {name: (district, village) for name, district, village in Business.objects.values_list("name", "district_id", "village_id")}


# At upload -----------------------------------------------------------------------------------


def one_desa_list(count=10):
    """A desa's own list: no kabupaten, kecamatan or desa column at all."""
    return [["DAFTAR UMKM KELURAHAN 9 ILIR"], ["No", "Nama Usaha", "Nama Pemilik", "No HP"]] + [
        [n, f"Warung Sembilan {n:02d}", f"Pemilik {n}", f"08127000{n:04d}"] for n in range(1, count + 1)
    ]


def test_a_one_desa_list_without_place_columns_goes_where_staff_said(client, palembang_staff):
    client.force_login(palembang_staff)
    job = upload(client, one_desa_list(), default_district=ILIR_TIMUR_TIGA, default_village="9 Ilir")
    assert (job.default_regency_id, job.default_district_id, job.default_village_id) == ("16.71", ILIR_TIMUR_TIGA, SEMBILAN_ILIR)
    assert job.counts["new"] == 10 and job.counts["errors"] == 0 and job.counts["warnings"] == 0
    confirm(client, job)
    assert Business.objects.count() == 10
    assert set(Business.objects.values_list("regency_id", "district_id", "village_id")) == {("16.71", ILIR_TIMUR_TIGA, SEMBILAN_ILIR)}


def test_provincial_staff_choose_a_kecamatan_and_its_kabupaten_follows(client):
    client.force_login(make_staff("staf-prov", provincial=True))
    job = upload(client, one_desa_list(3), default_district=BUKIT_KECIL)
    assert job.default_regency_id == "16.71" and job.default_village_id is None
    confirm(client, job)
    assert set(Business.objects.values_list("regency_id", "district_id", "village_id")) == {("16.71", BUKIT_KECIL, None)}


def test_the_files_place_fills_only_empty_cells(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [
        ["No", "Nama Usaha", "Kecamatan", "Kelurahan"],
        [1, "Kosong Semua", "", ""],
        [2, "Kecamatan Sama", "Ilir Timur III", ""],
        [3, "Kecamatan Lain", "Bukit Kecil", ""],
        [4, "Desa Sendiri", "", "8 Ilir"],
    ]
    confirm(client, upload(client, rows, default_district=ILIR_TIMUR_TIGA, default_village="Sembilan Ilir"))
    assert places_of_businesses() == {
        "Kosong Semua": (ILIR_TIMUR_TIGA, SEMBILAN_ILIR),
        "Kecamatan Sama": (ILIR_TIMUR_TIGA, SEMBILAN_ILIR),
        "Kecamatan Lain": (BUKIT_KECIL, None),  # the file's desa is not in Bukit Kecil
        "Desa Sendiri": (ILIR_TIMUR_TIGA, DELAPAN_ILIR),
    }


@pytest.mark.parametrize("who, fields, field, words", [
    ("provincial", {"default_regency": "16.71", "default_district": "16.02.05"}, "default_district",
     "Kecamatan Kayu Agung ada di Kabupaten Ogan Komering Ilir, bukan di Kota Palembang."),
    ("provincial", {"default_village": "Sembilan Ilir"}, "default_village", "Pilih dulu kecamatan berkas"),
    ("palembang", {"default_district": ILIR_TIMUR_TIGA, "default_village": "Kampung Antah"}, "default_village",
     "Desa/kelurahan 'Kampung Antah' tidak ada di Kecamatan Ilir Timur Tiga. Mungkin maksudnya: "),
    ("palembang", {"default_district": "16.71.06", "default_village": "9 Ilir"}, "default_village",
     "Desa/kelurahan '9 Ilir' ada di Kecamatan Ilir Timur Tiga, bukan di Kecamatan Ilir Timur Dua."),
    # Outside the staff member's regions: not even a choice.
    ("palembang", {"default_district": "16.02.05"}, "default_district", "Masukkan pilihan yang valid"),
    ("palembang", {"default_regency": "16.02"}, "default_regency", "Masukkan pilihan yang valid"),
])
def test_a_wrong_place_at_upload_is_a_form_error_naming_the_field(client, palembang_staff, who, fields, field, words):
    user = palembang_staff if who == "palembang" else make_staff("staf-prov", provincial=True)
    client.force_login(user)
    response = post_file(client, xlsx(one_desa_list(2)), **fields)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert words in errors[field][0], errors[field][0]
    assert not ImportJob.objects.exists()


def test_the_upload_form_offers_only_the_staff_members_kecamatan(client, palembang_staff):
    client.force_login(palembang_staff)
    html = client.get(reverse("admin:registry_importjob_add")).content.decode()
    assert '<optgroup label="Kota Palembang">' in html and f'value="{ILIR_TIMUR_TIGA}"' in html
    assert 'value="16.02.05"' not in html and "Kayu Agung" not in html
    assert 'name="default_village"' in html and 'name="regency_name_is_blank"' in html


# The kabupaten/kota's own name in the kecamatan column ---------------------------------------


def city_name_list(count=12):
    spellings = ["Palembang", "PALEMBANG", "Kota Palembang", "Plg"]
    return [["No", "Nama Usaha", "Kabupaten/Kota", "Kecamatan", "No HP"]] + [
        [n, f"Pempek Kota {n:02d}", "Kota Palembang", spellings[n % 4], f"08127100{n:04d}"] for n in range(1, count + 1)
    ]


def test_the_city_name_as_kecamatan_is_one_error_text_until_staff_say_what_it_means(client, palembang_staff):
    client.force_login(palembang_staff)
    job = upload(client, city_name_list())
    assert job.counts["new"] == 0 and job.counts["errors"] == 12
    assert set(messages_of(job, "error")) == {CITY_NAME_MESSAGE}  # one text, however the city was written
    page = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert reverse("admin:registry_importjob_place", args=[job.pk]) in page and 'name="regency_name_is_blank"' in page

    # The tick alone: imported without kecamatan.
    response = place(client, job, default_regency="16.71", regency_name_is_blank="on")
    assert response.status_code == 302
    assert run_background_tasks() == 1
    job = latest_job()
    assert job.regency_name_is_blank and job.counts["new"] == 12 and job.counts["errors"] == 0
    assert not job.problems.exists()

    # Tick and a kecamatan: every row goes there.
    place(client, job, default_regency="16.71", default_district=ILIR_TIMUR_SATU, regency_name_is_blank="on")
    run_background_tasks()
    job = latest_job()
    assert job.default_district_id == ILIR_TIMUR_SATU and job.counts["new"] == 12
    confirm(client, job)
    assert set(Business.objects.values_list("district_id", flat=True)) == {ILIR_TIMUR_SATU}
    assert Business.objects.count() == 12


def test_a_kecamatan_for_the_whole_file_also_settles_the_city_name(client, palembang_staff):
    client.force_login(palembang_staff)
    job = upload(client, city_name_list(4), default_district=BUKIT_KECIL)
    assert job.counts["new"] == 4 and job.counts["errors"] == 0
    confirm(client, job)
    assert set(Business.objects.values_list("district_id", flat=True)) == {BUKIT_KECIL}


def test_the_same_place_sent_twice_reads_the_file_once(client, palembang_staff):
    client.force_login(palembang_staff)
    job = upload(client, city_name_list(3))
    fields = {"default_regency": "16.71", "default_district": ILIR_TIMUR_SATU, "regency_name_is_blank": "on"}
    place(client, job, **fields)
    response = place(client, job, **fields)  # sent again before the worker ran
    assert response.status_code == 302
    assert run_background_tasks() == 1
    job = latest_job()
    counts = job.counts
    response = client.post(reverse("admin:registry_importjob_place", args=[job.pk]),
                           {**fields, "default_village": ""}, follow=True)
    assert "Tempat seluruh berkas tidak berubah" in response.content.decode()
    assert run_background_tasks() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts == counts and counts["new"] == 3


def test_once_saved_the_place_is_not_changed_any_more(client, palembang_staff):
    client.force_login(palembang_staff)
    job = confirm(client, upload(client, city_name_list(2), default_district=BUKIT_KECIL))
    page = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert reverse("admin:registry_importjob_place", args=[job.pk]) not in page
    response = place(client, job, default_regency="16.71", default_district=ILIR_TIMUR_SATU)
    assert response.status_code == 302
    assert run_background_tasks() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.default_district_id == BUKIT_KECIL


# Desa/kelurahan --------------------------------------------------------------------------------


def test_desa_abbreviations_and_prefixes_resolve(client, prabumulih_staff):
    client.force_login(prabumulih_staff)
    rows = [["No", "Nama Usaha", "Kecamatan", "Desa/Kelurahan"]] + [
        [n, f"Usaha {n}", district, village] for n, (district, village) in enumerate([
            ("Prabumulih Timur", "Gn. Ibul"), ("Prabumulih Timur", "Kel. Gn Ibul Barat"),
            ("Prabumulih Timur", "GUNUNG IBUL TIMUR"), ("Prabumulih Barat", "Ds. Tj. Telang"),
            ("Cambai", "Sei Medang"), ("Prabumulih Timur", "Ma. Dua"), ("Prabumulih Selatan", "Kel. Tj Raman"),
        ], start=1)
    ]
    job = upload(client, rows)
    assert job.counts["new"] == 7 and job.counts["warnings"] == 0, messages_of(job, "warning")
    confirm(client, job)
    assert dict(Business.objects.values_list("name", "village_id")) == {
        "Usaha 1": "16.74.02.1007", "Usaha 2": "16.74.02.1008", "Usaha 3": "16.74.02.1012", "Usaha 4": "16.74.01.2013",
        "Usaha 5": "16.74.03.1005", "Usaha 6": "16.74.02.1006", "Usaha 7": "16.74.06.1002",
    }


def test_a_kelurahan_under_its_kecamatan_before_the_split_is_placed_where_it_is_now(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [["No", "Nama Usaha", "Kecamatan", "Kelurahan"], [1, "Kain Songket Ilir", "Ilir Timur II", "9 Ilir"],
            [2, "Kue Delapan", "IT II", "Kel. 8 Ilir"]]
    job = upload(client, rows)
    assert job.counts["new"] == 2 and job.counts["errors"] == 0 and job.counts["warnings"] == 2
    assert messages_of(job, "warning") == [
        "Kelurahan Sembilan Ilir ada di Kecamatan Ilir Timur Tiga, bukan Kecamatan Ilir Timur Dua (batas wilayah "
        "berubah?): UMKM ditempatkan di Kecamatan Ilir Timur Tiga; periksa bila perlu.",
        "Kelurahan Delapan Ilir ada di Kecamatan Ilir Timur Tiga, bukan Kecamatan Ilir Timur Dua (batas wilayah "
        "berubah?): UMKM ditempatkan di Kecamatan Ilir Timur Tiga; periksa bila perlu.",
    ]
    assert job.problems.filter(severity="warning").first().column.startswith("D")
    confirm(client, job)
    assert places_of_businesses() == {
        "Kain Songket Ilir": (ILIR_TIMUR_TIGA, SEMBILAN_ILIR), "Kue Delapan": (ILIR_TIMUR_TIGA, DELAPAN_ILIR),
    }


def test_a_desa_name_of_several_other_kecamatan_keeps_the_written_one(client):
    client.force_login(make_staff("staf-oki", "16.02"))
    rows = [["No", "Nama Usaha", "Kecamatan", "Desa"], [1, "Ikan Salai Padang", "Sirah Pulau Padang", "Tanjung Lubuk"]]
    job = upload(client, rows)
    assert job.counts["new"] == 1
    assert messages_of(job, "warning") == [
        "Desa/kelurahan 'Tanjung Lubuk' tidak ada di Kecamatan Sirah Pulau Padang, tetapi ada di Kecamatan Kayu Agung "
        "dan Tanjung Lubuk. UMKM tetap disimpan di Kecamatan Sirah Pulau Padang tanpa desa/kelurahan; periksa bila perlu."
    ]
    confirm(client, job)
    assert places_of_businesses() == {"Ikan Salai Padang": ("16.02.08", None)}


def test_an_unknown_desa_keeps_the_business_in_its_kecamatan_with_suggestions(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [["No", "Nama Usaha", "Kecamatan", "Kelurahan"], [1, "Kopi Antah", "Ilir Timur Tiga", "Kampung Antah"],
            [2, "Kopi Berantah", "Ilir Timur Tiga", "Kampung Antah"]]
    job = upload(client, rows)
    assert job.counts["new"] == 2 and job.counts["errors"] == 0
    first, second = messages_of(job, "warning")
    assert first == second  # the same cause, the same text
    assert first.startswith(
        "Desa/kelurahan 'Kampung Antah' tidak ada di Kecamatan Ilir Timur Tiga. UMKM tetap disimpan di Kecamatan "
        "Ilir Timur Tiga tanpa desa/kelurahan. Mungkin maksudnya: "
    )
    suggestions = first.split("Mungkin maksudnya: ")[1].rstrip(".").split(", ")
    assert len(suggestions) == 3
    confirm(client, job)
    assert places_of_businesses() == {"Kopi Antah": (ILIR_TIMUR_TIGA, None), "Kopi Berantah": (ILIR_TIMUR_TIGA, None)}


def test_without_kecamatan_a_desa_found_once_in_the_kabupaten_gives_it(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [["No", "Nama Usaha", "Kecamatan", "Kelurahan"], [1, "Es Kacang Sembilan", "", "9 Ilir"],
            [2, "Toko Antah", "", "Kampung Antah"]]
    job = upload(client, rows)
    assert job.counts["new"] == 2
    assert messages_of(job, "warning") == [
        "Kecamatan kosong: diisi Kecamatan Ilir Timur Tiga, tempat desa/kelurahan 9 Ilir.",
        "Desa/kelurahan diabaikan karena kecamatannya kosong.",
    ]
    assert {column[0] for column in job.problems.values_list("column", flat=True)} == {"D"}
    confirm(client, job)
    assert places_of_businesses() == {"Es Kacang Sembilan": (ILIR_TIMUR_TIGA, SEMBILAN_ILIR), "Toko Antah": (None, None)}


# Who may change the place ----------------------------------------------------------------------


@pytest.fixture
def previewed(client, palembang_staff):
    client.force_login(palembang_staff)
    job = upload(client, city_name_list(2))
    client.logout()
    return job


PLACE_ROLES = {"anonymous": 302, "staff same kabupaten": 302, "staff another kabupaten": 404, "provincial staff": 302}


@pytest.mark.parametrize("who", PLACE_ROLES)
def test_place_view_by_role(client, previewed, palembang_staff, who):
    users = {
        "anonymous": None, "staff same kabupaten": palembang_staff,
        "staff another kabupaten": make_staff("staf-oki", "16.02"), "provincial staff": make_staff("staf-prov", provincial=True),
    }
    if users[who]:
        client.force_login(users[who])
    response = place(client, previewed, default_regency="16.71", default_district=BUKIT_KECIL)
    assert response.status_code == PLACE_ROLES[who]
    previewed.refresh_from_db()
    if who in ("staff same kabupaten", "provincial staff"):
        assert response["Location"] == reverse("admin:registry_importjob_change", args=[previewed.pk])
        assert previewed.default_district_id == BUKIT_KECIL and previewed.status == ImportJob.Status.QUEUED
        run_background_tasks()
        previewed.refresh_from_db()
        assert previewed.counts["new"] == 2
    else:
        if who == "anonymous":
            assert "/admin/login/" in response["Location"]
        assert previewed.default_district_id is None and previewed.status == ImportJob.Status.PREVIEWED


def test_place_view_needs_post(client, previewed, palembang_staff):
    client.force_login(palembang_staff)
    assert client.get(reverse("admin:registry_importjob_place", args=[previewed.pk])).status_code == 405


@pytest.mark.parametrize("fields, field", [
    ({"default_district": "16.02.05"}, "default_district"),  # a kecamatan of Ogan Komering Ilir
    ({"default_regency": "16.02"}, "default_regency"),
    ({"default_regency": "16.71", "default_district": ILIR_TIMUR_TIGA, "default_village": "Tanjung Lubuk"}, "default_village"),
])
def test_a_place_outside_the_staff_members_regions_is_refused_in_the_preview(client, previewed, palembang_staff, fields, field):
    client.force_login(palembang_staff)
    response = place(client, previewed, **fields)
    assert response.status_code == 200
    assert list(response.context["place_form"].errors) == [field]
    html = response.content.decode()
    assert 'class="errorlist"' in html and "<details" in html and " open" in html
    previewed.refresh_from_db()
    assert previewed.status == ImportJob.Status.PREVIEWED and previewed.default_district_id is None
    assert run_background_tasks() == 0
