"""The four sample registries (tests/fixtures/samples, with expected.json) imported through
the admin as staff do it: upload, background reading, preview, confirm, background commit.
Figures are compared with expected.json, not with numbers copied here. This module holds what
needs an empty registry; tests/test_import_on_the_registry.py what builds on the imported
provincial registry."""

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from directory.models import Business, BusinessPrivate, Certification
from registry.models import ImportChange, ImportJob, ImportProblem
from staff.models import StaffProfile
from tests.conftest import run_background_tasks

SAMPLES = Path(__file__).parent / "fixtures" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))["files"]
PROVINCIAL = EXPECTED["registry_sumsel_dinas_2024.xlsx"]

pytestmark = pytest.mark.usefixtures("villages")


@pytest.fixture
def provincial(db):
    return User.objects.create_superuser("dinas-provinsi", "prov@example.id", "rahasia-123")


@pytest.fixture
def palembang_staff(db):
    user = User.objects.create_user("dinas-plg", "plg@example.id", "rahasia-123", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="registry", codename__in=["add_importjob", "view_importjob"]
    ))
    profile = StaffProfile.objects.create(user=user)
    profile.regencies.add("16.71")
    return user


def upload(client, name, kind, *, default_regency="", data=None):
    """Upload a file, let the worker read it; the job as the preview shows it."""
    data = data if data is not None else (SAMPLES / name).read_bytes()
    file = io.BytesIO(data)
    file.name = name
    response = client.post(
        reverse("admin:registry_importjob_add"), {"kind": kind, "file": file, "default_regency": default_regency}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("id")
    run_background_tasks()
    job.refresh_from_db()
    return job


def confirm(client, job):
    response = client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    assert response.status_code == 302
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def import_file(client, name, kind, **kwargs):
    job = upload(client, name, kind, **kwargs)
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    return confirm(client, job)


def problem_rows(job, severity):
    return set(job.problems.filter(severity=severity).values_list("row", flat=True))


def business_at(job, row):
    return ImportChange.objects.select_related("business").get(job=job, row=row).business


# The provincial registry ------------------------------------------------------------------


def test_provincial_registry_preview_counts_match_expected(client, provincial, django_capture_on_commit_callbacks):
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, "registry_sumsel_dinas_2024.xlsx", "business")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    reasons = Counter(r["reason"] for r in PROVINCIAL["rejected_rows"])
    duplicates = reasons["exact_duplicate"] + reasons["near_duplicate"]
    assert job.sheet == PROVINCIAL["sheet"]
    assert job.header_rows == PROVINCIAL["header_rows"]
    assert job.counts == {
        "rows": PROVINCIAL["data_rows"],
        "new": PROVINCIAL["distinct_valid_businesses"],
        "updated": 0,
        "unchanged": 0,
        "skipped": duplicates,
        "errors": PROVINCIAL["data_rows"] - PROVINCIAL["distinct_valid_businesses"] - duplicates,
        "warnings": job.counts["warnings"],
    }
    # Nothing is written before the confirmation.
    assert not Business.objects.exists()

    rejected = {r["row"]: r for r in PROVINCIAL["rejected_rows"]}
    duplicate_rows = {row for row, r in rejected.items() if r["reason"].endswith("duplicate")}
    assert problem_rows(job, "duplicate") == duplicate_rows
    assert problem_rows(job, "error") == set(rejected) - duplicate_rows
    for row in duplicate_rows:
        message = job.problems.get(row=row, severity="duplicate").message
        assert f"baris {rejected[row]['of_row']}" in message, (row, message)
    outside = job.problems.get(row=next(r for r, x in rejected.items() if x["reason"] == "kabkota_outside_province"))
    assert "Bangka" in outside.message and "Sumatera Selatan" in outside.message
    assert outside.column.startswith("J")

    skipped = job.skipped_rows
    assert skipped["blank"] == PROVINCIAL["blank_rows"]
    assert skipped["section"] == [s["row"] for s in PROVINCIAL["section_rows"]]


def assert_business_matches(business, expected, row):
    private = BusinessPrivate.objects.filter(business=business).first()
    context = (row, expected)
    assert business.name == expected["nama_usaha"], context
    assert business.nib == expected["nib"], context
    assert business.regency_id == expected["kabkota"], context
    assert business.district_id == expected["kecamatan"], context
    if "desa" in expected:
        assert business.village_id == expected["desa"], context
    if "kbli" in expected:
        assert business.kbli_id == expected["kbli"], context
    if "jenis_usaha" in expected:
        assert business.business_type == expected["jenis_usaha"], context
    if "skala" in expected:
        assert business.scale == (expected["skala"] or "").lower(), context
    if "tenaga_kerja" in expected:
        assert business.workers == expected["tenaga_kerja"], context
    if "tahun_berdiri" in expected:
        assert business.founded_year == expected["tahun_berdiri"], context
    if "marketplaces" in expected:
        assert business.sales_channels == ", ".join(expected["marketplaces"]), context
    assert private is not None, context
    assert private.owner_name == expected["nama_pemilik"], context
    if "nik" in expected:
        assert private.nik == (expected["nik"] or ""), context
    assert private.owner_phone == (expected["phone"] or ""), context
    assert private.owner_phone2 == (expected["phone2"] or ""), context
    if "omzet_per_bulan" in expected:
        assert private.registry_omzet == expected["omzet_per_bulan"], context
    certificates = dict(Certification.objects.filter(business=business).values_list("kind", "number"))
    for kind in ("halal", "pirt", "bpom"):
        if kind not in expected:
            continue
        if expected[kind]:
            assert kind in certificates, context
            if expected.get(f"{kind}_no"):
                assert certificates[kind] == expected[f"{kind}_no"], context
        else:
            assert kind not in certificates, context


# Other registries merge with it -----------------------------------------------------------


# Products ---------------------------------------------------------------------------------


# Problem rows, round trip -----------------------------------------------------------------


# Region scope --------------------------------------------------------------------------


def test_kabupaten_staff_import_only_their_region(client, palembang_staff, django_capture_on_commit_callbacks):
    client.force_login(palembang_staff)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
    assert set(Business.objects.values_list("regency_id", flat=True)) == {"16.71"}
    assert Business.objects.count() == PROVINCIAL["businesses_per_kabkota"]["16.71"]
    other = job.problems.filter(severity="error", message__contains="di luar wilayah Anda").first()
    assert other is not None and "Kota Palembang" in other.message


# Atomic commit ---------------------------------------------------------------------------


def test_failed_commit_writes_nothing(client, provincial, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(provincial)
    job = upload(client, "registry_sumsel_dinas_2024.xlsx", "business")

    from django.db import DatabaseError

    from registry import scans

    insert_rows = scans.insert_rows

    def failing_last_insert(model, columns, rows):
        if model is ImportChange:
            raise DatabaseError("could not extend file: No space left on device")
        return insert_rows(model, columns, rows)

    # The last write of the commit fails: everything written before it must be rolled back.
    monkeypatch.setattr(scans, "insert_rows", failing_last_insert)
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "tidak ada data yang berubah" in job.message
    assert not Business.objects.exists()
    assert not BusinessPrivate.objects.exists()
    assert not Certification.objects.exists()
    # Kept for "Coba lagi" (tests/test_import_recovery.py): the file and the checked records.
    assert job.file_data is not None and job.staged is not None


# The pages -------------------------------------------------------------------------------


def test_preview_page_lists_counts_columns_and_problem_rows(client, provincial):
    client.force_login(provincial)
    job = upload(client, "registry_sumsel_dinas_2024.xlsx", "business")
    response = client.get(reverse("admin:registry_importjob_change", args=[job.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pratinjau: belum ada yang disimpan" in html
    assert "Konfirmasi: simpan 1.140 baru dan 0 perubahan" in html
    assert "KABUPATEN/KOTA" in html and "Kabupaten/kota" in html
    assert "Keterangan (tidak disimpan)" in html
    error_page = client.get(reverse("admin:registry_importjob_change", args=[job.pk]) + "?jenis=error").content.decode()
    assert "Nama usaha kosong" in error_page
    assert ImportProblem.objects.filter(job=job).count() > 0
