"""The import pages in the admin: bad files get a clear message and write nothing; every
page answers each role as it should (another person's import is 404)."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from directory.models import Business, Certification, Ownership
from registry.models import ImportChange, ImportJob, ImportProblem
from staff.models import StaffProfile
from staff.roles import staff_assign_role
from tests.conftest import make_business, run_background_tasks

pytestmark = pytest.mark.usefixtures("villages")


def make_staff(username, *regencies, provincial=False):
    user = get_user_model().objects.create_user(username, f"{username}@dinas.example")
    profile = StaffProfile.objects.create(user=user, is_provincial=provincial)
    profile.regencies.set(regencies)
    staff_assign_role(profile=profile)
    return get_user_model().objects.get(pk=user.pk)


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SMALL_REGISTRY = [
    ["DATA UMKM KOTA PALEMBANG 2025"],
    [],
    ["No", "Nama Usaha", "Nama Pemilik", "NIB", "Kabupaten/Kota", "Kecamatan", "No HP", "Skala"],
    [1, "Pempek Cek Ani", "Ani Suryani", "9120000000001", "Kota Palembang", "Ilir Timur I", "0812-1111-2222", "Mikro"],
    [2, "Songket Cik Ipah", "Ipah", "", "Plg", "Bukit Kecil", "081233334444", "KECIL"],
]


def post_file(client, data, name="registry.xlsx", kind="business", **extra):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("admin:registry_importjob_add"), {"kind": kind, "file": file, **extra})


@pytest.fixture
def palembang_staff(db):
    return make_staff("staf-plg", "16.71")


# Bad input ------------------------------------------------------------------------------


def _fails_with(client, data, name, *words):
    response = post_file(client, data, name)
    assert response.status_code == 302
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.FAILED
    for word in words:
        assert word in job.message, job.message
    page = client.get(reverse("admin:registry_importjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert job.message in page.content.decode().replace("&#x27;", "'")
    assert not Business.objects.exists()
    assert job.file_data is None  # a refused file is not kept
    return job


def test_not_a_spreadsheet(client, palembang_staff):
    client.force_login(palembang_staff)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    _fails_with(client, png, "foto.xlsx", "XLSX")


def test_corrupt_xlsx(client, palembang_staff):
    client.force_login(palembang_staff)
    _fails_with(client, xlsx(SMALL_REGISTRY)[:1500], "rusak.xlsx", "rusak")


def test_docx_renamed_to_xlsx(client, palembang_staff):
    client.force_login(palembang_staff)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    _fails_with(client, out.getvalue(), "surat.xlsx", "XLSX")


def test_sheet_without_a_recognisable_header(client, palembang_staff):
    client.force_login(palembang_staff)
    _fails_with(client, xlsx([["Laporan kegiatan"], ["a", "b", "c"], [1, 2, 3]]), "laporan.xlsx", "judul kolom")


def test_formula_in_every_cell(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [[f"=A{r}+B{c}" for c in range(1, 9)] for r in range(1, 30)]
    _fails_with(client, xlsx(rows), "rumus.xlsx")


def test_too_many_rows_is_refused_before_reading_them_all(client, palembang_staff, settings):
    settings.IMPORT_MAX_ROWS = 50
    client.force_login(palembang_staff)
    rows = SMALL_REGISTRY[:3] + [
        [i, f"Usaha {i}", "Pemilik", "", "Kota Palembang", "Ilir Timur I", "", "Mikro"] for i in range(60)
    ]
    _fails_with(client, xlsx(rows), "besar.xlsx", "50")


def test_fifty_megabyte_file_is_refused_at_upload(client, palembang_staff):
    client.force_login(palembang_staff)
    response = post_file(client, b"Nama Usaha;Kabupaten/Kota\n" + b"x" * (50 * 1024 * 1024), "besar.csv")
    assert response.status_code == 200
    assert "Berkas terlalu besar (50,0 MB); batasnya 40 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_formula_in_one_data_row_is_a_row_error(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [list(r) for r in SMALL_REGISTRY]
    rows[4][6] = "=A1*2"
    post_file(client, xlsx(rows))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.counts["new"] == 1 and job.counts["errors"] == 1
    problem = job.problems.get(severity="error")
    assert problem.row == 5 and problem.column.startswith("G") and "rumus" in problem.message
    download = client.get(reverse("admin:registry_importjob_problems", args=[job.pk]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(download.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == "=A1*2"]
    assert cells and all(c.data_type == "s" for c in cells)  # text, never a live formula


def test_unknown_region_suggests_the_closest_official_names(client, palembang_staff):
    client.force_login(palembang_staff)
    rows = [list(r) for r in SMALL_REGISTRY]
    rows[3][5] = "Ilir Tmur Satu Raya"
    post_file(client, xlsx(rows))
    run_background_tasks()
    problem = ImportJob.objects.latest("id").problems.get(severity="error")
    assert problem.row == 4 and problem.column.startswith("F")
    assert "Ilir Timur" in problem.message


def test_small_registry_end_to_end(client, palembang_staff, commit):
    client.force_login(palembang_staff)
    post_file(client, xlsx(SMALL_REGISTRY))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.counts["new"] == 2 and job.header_rows == [3]
    with commit():
        client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert set(Business.objects.values_list("name", "scale", "district_id")) == {
        ("Pempek Cek Ani", "mikro", "16.71.05"), ("Songket Cik Ipah", "kecil", "16.71.11"),
    }
    assert ImportChange.objects.filter(job=job, action="created").count() == 2
    # A confirmed import cannot be confirmed twice.
    response = client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]), follow=True)
    assert "tidak dapat dikonfirmasi lagi" in response.content.decode()
    assert run_background_tasks() == 0


def _import(client, rows, commit):
    post_file(client, xlsx(rows))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    with commit():
        client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def test_reimport_renumbers_certificates_in_batches(client, palembang_staff, commit):
    header = ["No", "Nama Usaha", "NIB", "Kabupaten/Kota", "Kecamatan", "Sertifikat Halal", "P-IRT"]

    def rows(suffix):
        """30 businesses, each with a halal and a P-IRT number ending in `suffix`."""
        return [header] + [
            [n, f"Usaha Sertifikat {n:02d}", f"91200000001{n:02d}", "Kota Palembang", "Ilir Timur I", f"ID16{n:02d}{suffix}", f"P{n:02d}{suffix}"]
            for n in range(1, 31)
        ]

    client.force_login(palembang_staff)
    _import(client, rows("A"), commit)
    assert Certification.objects.filter(number__endswith="A").count() == 60
    post_file(client, xlsx(rows("B")))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.counts["updated"] == 30
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    with CaptureQueriesContext(connection) as queries, commit():
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Certification.objects.filter(number__endswith="B").count() == 60 and not Certification.objects.filter(number__endswith="A").exists()
    # 60 new numbers: one batched UPDATE (was one UPDATE per certificate).
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "directory_certification"')]
    assert len(updates) == 1, updates


def test_cancel_keeps_nothing(client, palembang_staff):
    client.force_login(palembang_staff)
    post_file(client, xlsx(SMALL_REGISTRY))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    client.post(reverse("admin:registry_importjob_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and job.file_data is None and job.staged is None
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    assert run_background_tasks() == 0
    assert not Business.objects.exists()


def test_progress_page_refreshes_itself_while_the_worker_reads(client, palembang_staff):
    client.force_login(palembang_staff)
    post_file(client, xlsx(SMALL_REGISTRY))
    job = ImportJob.objects.latest("id")
    html = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "<progress" in html
    run_background_tasks()
    html = client.get(reverse("admin:registry_importjob_change", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in html


# Roles ----------------------------------------------------------------------------------


@pytest.fixture
def world(db, palembang_staff, palembang):
    owner = get_user_model().objects.create_user("pemilik", "pemilik@example.id")
    other_owner = get_user_model().objects.create_user("pemilik-lain", "lain@example.id")
    buyer = get_user_model().objects.create_user("pembeli-opd", "opd@example.id")
    business = make_business(palembang, name="Usaha Pemilik")
    Ownership.objects.create(business=business, user=owner)
    Ownership.objects.create(business=make_business(palembang, name="Usaha Lain"), user=other_owner)
    job = ImportJob.objects.create(
        kind="business", created_by=palembang_staff, filename="plg.xlsx", file_size=1, file_sha256="0" * 64,
        status=ImportJob.Status.PREVIEWED, counts={"rows": 1, "new": 1},
    )
    ImportProblem.objects.create(job=job, row=4, severity="error", column="B", message="Nama usaha kosong.", values=["", ""])
    return {
        "anonymous": None,
        "owner": owner,
        "another owner": other_owner,
        "buyer": buyer,
        "staff same kabupaten": palembang_staff,
        "staff another kabupaten": make_staff("staf-oki", "16.02"),
        "provincial staff": make_staff("staf-prov", provincial=True),
        "job": job,
    }


JOB_PAGES = ["admin:registry_importjob_change", "admin:registry_importjob_problems"]
SEES_THE_JOB = {"staff same kabupaten": 200, "staff another kabupaten": 404, "provincial staff": 200}
ROLES = ["anonymous", "owner", "another owner", "buyer", "staff same kabupaten", "staff another kabupaten", "provincial staff"]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", JOB_PAGES)
def test_job_pages_by_role(client, world, who, page):
    if world[who]:
        client.force_login(world[who])
    response = client.get(reverse(page, args=[world["job"].pk]))
    if who in SEES_THE_JOB:
        assert response.status_code == SEES_THE_JOB[who]
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", ["admin:registry_importjob_confirm", "admin:registry_importjob_cancel"])
def test_job_actions_by_role(client, world, who, action):
    if world[who]:
        client.force_login(world[who])
    response = client.post(reverse(action, args=[world["job"].pk]))
    job = world["job"]
    job.refresh_from_db()
    if who in ("staff same kabupaten", "provincial staff"):
        assert response.status_code == 302 and job.status != ImportJob.Status.PREVIEWED
    elif who == "staff another kabupaten":
        assert response.status_code == 404 and job.status == ImportJob.Status.PREVIEWED
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert job.status == ImportJob.Status.PREVIEWED


@pytest.mark.parametrize("who", ROLES)
def test_upload_page_and_history_by_role(client, world, who):
    if world[who]:
        client.force_login(world[who])
    upload = client.get(reverse("admin:registry_importjob_add"))
    history = client.get(reverse("admin:registry_importjob_changelist"))
    if who.endswith("staff") or who.startswith("staff"):
        assert upload.status_code == 200
        assert history.status_code == 200
        assert ("plg.xlsx" in history.content.decode()) == (who in ("staff same kabupaten", "provincial staff"))
    else:
        assert upload.status_code == 302 and history.status_code == 302


def test_confirm_needs_post(client, world):
    client.force_login(world["staff same kabupaten"])
    assert client.get(reverse("admin:registry_importjob_confirm", args=[world["job"].pk])).status_code == 405


def test_kabupaten_staff_choose_only_their_region_for_a_file_without_one(client, world):
    client.force_login(world["staff same kabupaten"])
    html = client.get(reverse("admin:registry_importjob_add")).content.decode()
    assert "Kota Palembang" in html and "Ogan Komering Ilir" not in html
    response = post_file(client, xlsx(SMALL_REGISTRY), default_regency="16.02")
    assert response.status_code == 200  # not a choice for this staff member
    assert ImportJob.objects.count() == 1


def test_a_previewed_import_is_read_again_without_a_new_upload(client, palembang_staff):
    from registry.services import import_job_reread
    from registry.tasks import preview_import

    client.force_login(palembang_staff)
    post_file(client, xlsx(SMALL_REGISTRY))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2
    assert import_job_reread(job=job, header_rows=[])
    assert job.status == ImportJob.Status.QUEUED and job.counts == {} and not job.problems.exists()
    preview_import.enqueue(job.pk)
    assert run_background_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    # Once written (or cancelled), nothing is read again.
    assert not import_job_reread(job=job)
    assert Business.objects.count() == 2
