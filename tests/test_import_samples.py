"""The four sample registries (tests/fixtures/samples, with expected.json) imported through
the admin as staff do it: upload, background reading, preview, confirm, background commit.
Figures are compared with expected.json, not with numbers copied here."""

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Product
from directory.models import Business, BusinessPrivate, Certification
from staff.models import StaffProfile
from registry.models import ImportChange, ImportJob, ImportProblem
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


def test_provincial_registry_commit_reaches_expected_figures(client, provincial, django_capture_on_commit_callbacks):
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")

    assert Business.objects.count() == PROVINCIAL["distinct_valid_businesses"]
    per_regency = Counter(Business.objects.values_list("regency_id", flat=True))
    assert dict(per_regency) == PROVINCIAL["businesses_per_kabkota"]
    per_scale = Counter(Business.objects.values_list("scale", flat=True))
    expected_scale = {(k.lower() if k != "(blank)" else ""): v for k, v in PROVINCIAL["businesses_per_skala"].items()}
    assert dict(per_scale) == expected_scale
    assert ImportChange.objects.filter(job=job, action="created").count() == PROVINCIAL["distinct_valid_businesses"]
    assert Business.objects.filter(status=Business.Status.ACTIVE).count() == PROVINCIAL["distinct_valid_businesses"]

    for spot in PROVINCIAL["spot_checks"]:
        if spot["row"] in {r["row"] for r in PROVINCIAL["rejected_rows"]}:
            continue
        assert_business_matches(business_at(job, spot["row"]), spot["expected"], spot["row"])


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


def test_reimporting_the_same_file_changes_nothing(client, provincial, django_capture_on_commit_callbacks):
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
        before = list(Business.objects.order_by("id").values())
        second = import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
    assert second.counts["new"] == 0
    assert second.counts["updated"] == 0
    assert second.counts["unchanged"] == PROVINCIAL["distinct_valid_businesses"]
    assert list(Business.objects.order_by("id").values()) == before
    assert not ImportChange.objects.filter(job=second).exists()


# Other registries merge with it -----------------------------------------------------------


def test_palembang_csv_merges_with_the_provincial_registry(client, provincial, django_capture_on_commit_callbacks):
    csv = EXPECTED["registry_kota_palembang_2023.csv"]
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
        # A kota's own export has no kabupaten/kota column: staff choose it when uploading.
        job = upload(client, "registry_kota_palembang_2023.csv", "business", default_regency="16.71")
        assert job.status == ImportJob.Status.PREVIEWED, job.message
        assert job.counts["rows"] == csv["data_rows"]
        assert job.counts["new"] == csv["distinct_valid_businesses"] - csv["also_in_registry_sumsel_dinas_2024"]
        assert job.counts["updated"] + job.counts["unchanged"] == csv["also_in_registry_sumsel_dinas_2024"]
        rejected = {r["row"] for r in csv["rejected_rows"]}
        assert problem_rows(job, "error") | problem_rows(job, "duplicate") == rejected
        confirm(client, job)
    total = PROVINCIAL["distinct_valid_businesses"] + csv["distinct_valid_businesses"] - csv["also_in_registry_sumsel_dinas_2024"]
    assert Business.objects.count() == total
    checked = 0
    for spot in csv["spot_checks"]:
        change = ImportChange.objects.filter(job=job, row=spot["row"], action="created").first()
        if change:  # rows merged into a provincial record keep that record's values where this file is empty
            assert_business_matches(change.business, spot["expected"], spot["row"])
            checked += 1
    assert checked >= len(csv["spot_checks"]) // 2


def test_oku_timur_list_without_regency_column_takes_the_chosen_regency(client, provincial, django_capture_on_commit_callbacks):
    oku = EXPECTED["registry_oku_timur_minimal.xlsx"]
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
        refused = upload(client, "registry_oku_timur_minimal.xlsx", "business")
        assert refused.status == ImportJob.Status.FAILED
        assert "Kabupaten/Kota" in refused.message
        job = upload(client, "registry_oku_timur_minimal.xlsx", "business", default_regency=oku["kabkota_implied_by_file"])
        assert job.counts["new"] == oku["distinct_valid_businesses"] - oku["also_in_registry_sumsel_dinas_2024"]
        assert job.counts["updated"] + job.counts["unchanged"] == oku["also_in_registry_sumsel_dinas_2024"]
        confirm(client, job)
    per_district = Counter(
        ImportChange.objects.filter(job=job, action="created").values_list("business__district_id", flat=True)
    )
    assert sum(per_district.values()) == oku["distinct_valid_businesses"] - oku["also_in_registry_sumsel_dinas_2024"]
    assert Business.objects.filter(regency_id="16.08").count() == (
        PROVINCIAL["businesses_per_kabkota"]["16.08"] + oku["distinct_valid_businesses"] - oku["also_in_registry_sumsel_dinas_2024"]
    )
    for spot in oku["spot_checks"]:
        change = ImportChange.objects.filter(job=job, row=spot["row"], action="created").first()
        if change:
            assert_business_matches(change.business, spot["expected"], spot["row"])


# Products ---------------------------------------------------------------------------------


def test_products_sheet_of_the_provincial_registry(client, provincial, django_capture_on_commit_callbacks):
    expected = PROVINCIAL["products"]
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
        job = upload(client, "registry_sumsel_dinas_2024.xlsx", "product")
        assert job.sheet == expected["sheet"]
        assert job.counts["rows"] == expected["data_rows"]
        assert problem_rows(job, "error") == {r["row"] for r in expected["rejected_rows"]}
        assert job.counts["new"] == expected["valid_products"]
        confirm(client, job)
    assert Product.objects.count() == expected["valid_products"]
    assert dict(Counter(Product.objects.values_list("regency_id", flat=True))) == expected["valid_products_per_kabkota"]
    assert Product.objects.filter(business__isnull=False).values("business").distinct().count() == expected["businesses_with_products"]
    assert Product.objects.exclude(price_max=None).count() == expected["price_range_rows"]
    assert Product.objects.filter(price_min=None).count() == expected["price_missing_rows"]
    # Imported products are in the public catalog at once.
    assert Product.objects.listed().count() == expected["valid_products"]


def test_products_template(client, provincial, django_capture_on_commit_callbacks):
    expected = EXPECTED["products_template.xlsx"]
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
        job = upload(client, "products_template.xlsx", "product")
        assert problem_rows(job, "error") == {r["row"] for r in expected["rejected_rows"]}
        confirm(client, job)
        again = upload(client, "products_template.xlsx", "product")
    assert job.counts["new"] == expected["valid_products"]
    assert dict(Counter(
        Product.objects.filter(id__in=ImportChange.objects.filter(job=job).values("product")).values_list("regency_id", flat=True)
    )) == expected["valid_products_per_kabkota"]
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, expected["valid_products"])


# Problem rows, round trip -----------------------------------------------------------------


def test_problem_rows_download_can_be_fixed_and_imported_again(client, provincial, django_capture_on_commit_callbacks):
    client.force_login(provincial)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
    response = client.get(reverse("admin:registry_importjob_problems", args=[job.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[-1] == "MASALAH"
    assert {row[0] for row in data} == {r["row"] for r in PROVINCIAL["rejected_rows"]}
    nameless = next(r["row"] for r in PROVINCIAL["rejected_rows"] if r["reason"] == "missing_nama_usaha")
    name_column = header.index("NAMA USAHA")
    fixed = [list(header)]
    for row in data:
        if row[0] == nameless:
            row = list(row)
            row[name_column] = "Usaha Baru Diperbaiki"
            fixed.append(row)
    out = io.BytesIO()
    from openpyxl import Workbook

    book = Workbook()
    for row in fixed:
        book.active.append(row)
    book.save(out)
    with django_capture_on_commit_callbacks(execute=True):
        again = import_file(client, "perbaikan.xlsx", "business", data=out.getvalue())
    assert again.counts["new"] == 1
    assert Business.objects.filter(name="Usaha Baru Diperbaiki").exists()


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
    assert job.file_data is None


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
