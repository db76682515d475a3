"""The import as a dinas of another province meets it (issue 11): the portal set to Maluku
Utara (PORTAL_PROVINCE=82), Kota Ternate's staff, and files shaped like the real registries
that fell short — a multi-sheet IKM directory, its flat `;` CSV export with a JUMLAH footer,
a long list with coordinates whose kecamatan column holds the city's own name, and a one-desa
list without kecamatan or desa columns. Every file is written here, through the admin flow."""

import pytest
from django.urls import reverse

from directory.models import Business, BusinessPrivate
from registry.models import ImportJob
from tests.conftest import run_background_tasks
from tests.test_import_admin import make_staff, post_file
from tests.test_import_workbooks import workbook

pytestmark = pytest.mark.usefixtures("villages")

TERNATE = "82.71"
TERNATE_SELATAN = "82.71.02"
JATI = "82.71.02.1009"


@pytest.fixture(autouse=True)
def _maluku_utara(settings):
    settings.PORTAL_PROVINCE = "82"
    settings.PORTAL_PROVINCE_NAME = "Maluku Utara"


@pytest.fixture
def staff(db):
    return make_staff("staf-ternate", TERNATE)


def uploaded(client, data, name, **fields):
    response = post_file(client, data, name, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    run_background_tasks()
    return ImportJob.objects.latest("id")


def confirm(client, job):
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def page(client, job):
    return client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()


IKM_HEADER = [
    "No", "Nama", "Alamat", "Wilayah", "TELP/ FAX", "NAMA PEMILIK/ KONTAK PERSON", "KBLI", "NOMOR KBLI",
    "Tenaga Kerja (L)", "Tenaga Kerja (P)", "Kegiatan",
]
COLUMN_NUMBERS = [1, 2, 3, None, 5, 6, 7, 8, 9, 10, 11]  # a column-number row with a gap


def ikm_sheet(section, rows):
    return [["DIREKTORI IKM KOTA TERNATE TAHUN 2020"], [], IKM_HEADER, COLUMN_NUMBERS, [section], *rows]


PANGAN = [
    [1, "HENDRA", "Jl. Pahlawan Revolusi No. 12", "Ternate Tengah", "0921-3121456", "Hendra Ali",
     "Industri Roti dan Kue", "10710", 2, 3, "Roti"],
    [None, None, "RT 02 / RW 01", None, None, None, None, None, None, None, None],  # the address, wrapped
    [2, "HENDRA", "Jl. Raya Bastiong No. 3", "Ternate Selatan", "0813-4011-2233", "Hendra Umar",
     "Industri Makanan Lainnya", "10799", 1, 1, "Kue kering"],
    [3, "Sagu Lempeng Ibu Ina", "Kel. Jati", "Ternate Selatan", "081340556677", "Ina Sahrun",
     "Industri Makanan Lainnya", "10799", 0, 4, "Sagu lempeng"],
]
SANDANG = [
    [1, "HENDRA", "Jl. Stadion No. 9", "Ternate Tengah", "0852-5566-7788", "Hendra Tan",
     "Industri Pakaian Jadi", "14111", 3, 0, "Jahit"],
    [2, "Tenun Ternate Indah", "Jl. Sultan Khairun", "Ternate Utara", "082188990011", "Nurlela",
     "Industri Pakaian Jadi", "14111", 0, 6, "Tenun"],
]
REKAP = [["REKAP IKM PER KECAMATAN"], ["Kecamatan", "Jumlah IKM"], ["Ternate Tengah", 2], ["Ternate Selatan", 2],
         ["JUMLAH", 4]]


def test_a_multi_sheet_ikm_directory_of_another_province_is_read_whole(client, staff):
    client.force_login(staff)
    data = workbook(("Pangan", ikm_sheet("A. INDUSTRI PANGAN", PANGAN)),
                    ("Sandang", ikm_sheet("B. INDUSTRI SANDANG", SANDANG)), ("Rekap", REKAP))
    job = uploaded(client, data, "direktori-ikm.xlsx", recorded_on="2020")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    assert [(sheet["name"], sheet["found"]) for sheet in job.sheets] == [
        ("Pangan", "data"), ("Sandang", "data"), ("Rekap", "recap")]
    fields = {c["header"]: c["field"] for c in job.columns if c.get("header")}
    assert fields["Nama"] == "name" and fields["TELP/ FAX"] == "phone"
    assert fields["NAMA PEMILIK/ KONTAK PERSON"] == "owner_name" and fields["NOMOR KBLI"] == "kbli"
    assert fields["Tenaga Kerja (L)"] == "workers_male" and fields["Tenaga Kerja (P)"] == "workers_female"
    assert fields["Wilayah"] == "district" and fields["Kegiatan"] == "business_type"
    # Three HENDRA at three addresses: three businesses, not one. Nothing is an error.
    assert job.counts["new"] == 5 and job.counts["errors"] == 0 and job.counts["skipped"] == 0, job.counts
    assert not job.problems.filter(column__contains="KBLI").exists()
    assert job.skipped_rows["column_numbers"] and job.skipped_rows["section"] and job.skipped_rows["continuation"]
    confirm(client, job)

    hendra = Business.objects.filter(name__iexact="hendra").order_by("address")
    assert [(b.district_id, b.kbli_id, b.workers) for b in hendra] == [
        ("82.71.06", "10710", 5), (TERNATE_SELATAN, "10799", 2), ("82.71.06", "14111", 3)]
    assert hendra[0].address == "Jl. Pahlawan Revolusi No. 12 RT 02 / RW 01"
    owners = dict(BusinessPrivate.objects.values_list("owner_name", "owner_phone"))
    assert owners["Hendra Ali"] == "+629213121456" and owners["Nurlela"] == "+6282188990011"
    assert len(owners) == 5
    ina = Business.objects.get(name="Sagu Lempeng Ibu Ina")
    assert ina.workers == 4 and ina.recorded_on.year == 2020 and ina.verified_on is None
    html = client.get(ina.get_absolute_url()).content.decode()
    assert "Data dinas tahun 2020" in html and "iverifikasi" not in html

    # Its flat CSV export, with JUMLAH footer rows: the same five businesses, nothing new.
    lines = [";".join(IKM_HEADER)]
    for row in [r for r in PANGAN + SANDANG if r[1]]:
        lines.append(";".join("" if value is None else str(value) for value in row))
    lines += [";JUMLAH;;;;;;;6;14;", ";TOTAL IKM;5;;;;;;;;"]
    again = uploaded(client, ("\r\n".join(lines) + "\r\n").encode(), "direktori-ikm.csv")
    assert again.counts["rows"] == 5 and again.counts["new"] == 0 and again.counts["errors"] == 0, again.counts
    assert again.skipped_rows["footer"]


def long_list(district_cell, count=40):
    rows = [["NO", "NAMA USAHA", "PEMILIK", "ALAMAT", "KECAMATAN", "lat", "lng"]]
    for n in range(1, count + 1):
        rows.append([n, f"Usaha Ternate {n}", f"Pemilik {n}", f"Jl. Contoh No. {n}", district_cell,
                     f"0,{7900 + n}", f"127,{3700 + n}"])
    # Same name, 2 km apart: two businesses. Same name, 30 m apart: the same one, listed twice.
    rows.append([count + 1, "Toko Hendra", "Hendra", "Jl. A", district_cell, "0,7900", "127,3700"])
    rows.append([count + 2, "Toko Hendra", "Hendra", "Jl. B", district_cell, "0,7900", "127,3880"])
    rows.append([count + 3, "Toko Hendra", "Hendra", "Jl. A", district_cell, "0,7902", "127,3701"])
    return "\r\n".join(";".join(str(value) for value in row) for row in rows).encode("utf-8")


def test_a_list_with_the_citys_name_as_kecamatan_says_so_once_and_then_imports(client, staff):
    client.force_login(staff)
    job = uploaded(client, long_list("Kota Ternate"), "umkm-ternate.csv")
    assert job.counts["errors"] == 43 and job.counts["new"] == 0
    html = page(client, job)
    assert html.count("43 baris:") == 1  # one grouped message, not 43
    assert "Konfirmasi: simpan 0" not in html

    response = client.post(reverse("admin:registry_importjob_place", args=[job.pk]), {
        "default_regency": TERNATE, "default_district": "", "default_village": "", "regency_name_is_blank": "on",
    })
    assert response.status_code == 302
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["errors"] == 0, job.counts
    assert job.counts["new"] == 42 and job.counts["skipped"] == 1, job.counts
    duplicate = job.problems.get(severity="duplicate")
    assert "titik koordinat berjarak" in duplicate.message
    confirm(client, job)
    assert Business.objects.filter(name="Toko Hendra").count() == 2
    first = BusinessPrivate.objects.get(business__name="Usaha Ternate 1")
    assert (str(first.latitude), str(first.longitude)) == ("0.790100", "127.370100")
    assert first.business.district_id is None
    # Coordinates are private: not on the public page.
    assert "0.7901" not in client.get(first.business.get_absolute_url()).content.decode()


def test_a_one_desa_list_without_place_columns_goes_where_staff_say(client, staff):
    client.force_login(staff)
    rows = [["DAFTAR UMKM KELURAHAN JATI"], ["No", "Nama Usaha", "Nama Pemilik", "Jenis Usaha", "No HP"]]
    rows += [[n, f"Warung Jati {n}", f"Warga {n}", "Kuliner", f"0812{n:08d}"] for n in range(1, 47)]
    job = uploaded(client, workbook(("Data", rows)), "umkm-jati.xlsx",
                   default_regency=TERNATE, default_district=TERNATE_SELATAN, default_village="Kel. Jati")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    assert job.counts["new"] == 46 and job.counts["errors"] == 0, job.counts
    confirm(client, job)
    assert set(Business.objects.values_list("district_id", "village_id")) == {(TERNATE_SELATAN, JATI)}


def test_a_kelurahan_under_its_kecamatan_before_a_split_keeps_the_business(client, staff):
    client.force_login(staff)
    rows = [["Nama Usaha", "Kecamatan", "Kelurahan"],
            ["Kios Jati", "Ternate Tengah", "Jati"],  # Jati lies in Ternate Selatan
            ["Kios Entah", "Ternate Tengah", "Kelurahan Entah Berantah"]]
    job = uploaded(client, workbook(("Data", rows)), "umkm.xlsx", default_regency=TERNATE)
    assert job.counts["new"] == 2 and job.counts["errors"] == 0, job.counts
    warnings = " ".join(job.problems.filter(severity="warning").values_list("message", flat=True))
    assert "Ternate Selatan" in warnings and "Entah Berantah" in warnings
    confirm(client, job)
    assert Business.objects.get(name="Kios Jati").village_id == JATI
    assert Business.objects.get(name="Kios Entah").district_id == "82.71.06"
