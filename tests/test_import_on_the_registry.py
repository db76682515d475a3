"""The sample registries imported on top of the provincial registry (tests/fixtures/samples,
with expected.json), as staff do it: re-importing it, merging a kota's and a kabupaten's own
lists into it, importing products for its businesses, and fixing its problem rows. The
provincial registry is imported once for the whole module (upload, background reading,
preview, confirm, background commit through the admin) inside a transaction rolled back
after the module's last test; each test runs in a savepoint within it.
tests/test_import_samples.py covers what needs an empty registry."""

import io
from collections import Counter
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from catalog.models import Product
from directory.models import Business
from registry.models import ImportChange, ImportJob
from tests.conftest import module_data
from tests.test_import_samples import (
    EXPECTED,
    PROVINCIAL,
    assert_business_matches,
    business_at,
    confirm,
    import_file,
    problem_rows,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def registry(django_db_setup, django_db_blocker, tmp_path_factory, villages):
    """The provincial registry, imported by a provincial staff member: SimpleNamespace(user, job)."""
    yield from module_data(django_db_blocker, tmp_path_factory, _import_the_provincial_registry)


def _import_the_provincial_registry():
    user = User.objects.create_superuser("dinas-provinsi-modul", "prov-modul@example.id", "rahasia-123")
    client = Client()
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
    return SimpleNamespace(user=user, job=job)


def test_provincial_registry_commit_reaches_expected_figures(registry):
    job = registry.job
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


def test_reimporting_the_same_file_changes_nothing(client, registry, django_capture_on_commit_callbacks):
    client.force_login(registry.user)
    with django_capture_on_commit_callbacks(execute=True):
        before = list(Business.objects.order_by("id").values())
        second = import_file(client, "registry_sumsel_dinas_2024.xlsx", "business")
    assert second.counts["new"] == 0
    assert second.counts["updated"] == 0
    assert second.counts["unchanged"] == PROVINCIAL["distinct_valid_businesses"]
    assert list(Business.objects.order_by("id").values()) == before
    assert not ImportChange.objects.filter(job=second).exists()


def test_palembang_csv_merges_with_the_provincial_registry(client, registry, django_capture_on_commit_callbacks):
    csv = EXPECTED["registry_kota_palembang_2023.csv"]
    client.force_login(registry.user)
    with django_capture_on_commit_callbacks(execute=True):
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


def test_oku_timur_list_without_regency_column_takes_the_chosen_regency(client, registry, django_capture_on_commit_callbacks):
    oku = EXPECTED["registry_oku_timur_minimal.xlsx"]
    client.force_login(registry.user)
    with django_capture_on_commit_callbacks(execute=True):
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


def test_products_sheet_of_the_provincial_registry(client, registry, django_capture_on_commit_callbacks):
    expected = PROVINCIAL["products"]
    client.force_login(registry.user)
    with django_capture_on_commit_callbacks(execute=True):
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


def test_products_template(client, registry, django_capture_on_commit_callbacks):
    expected = EXPECTED["products_template.xlsx"]
    client.force_login(registry.user)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, "products_template.xlsx", "product")
        assert problem_rows(job, "error") == {r["row"] for r in expected["rejected_rows"]}
        confirm(client, job)
        again = upload(client, "products_template.xlsx", "product")
    assert job.counts["new"] == expected["valid_products"]
    assert dict(Counter(
        Product.objects.filter(id__in=ImportChange.objects.filter(job=job).values("product")).values_list("regency_id", flat=True)
    )) == expected["valid_products_per_kabkota"]
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, expected["valid_products"])


def test_problem_rows_download_can_be_fixed_and_imported_again(client, registry, django_capture_on_commit_callbacks):
    client.force_login(registry.user)
    job = registry.job
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
    book = Workbook()
    for row in fixed:
        book.active.append(row)
    book.save(out)
    with django_capture_on_commit_callbacks(execute=True):
        again = import_file(client, "perbaikan.xlsx", "business", data=out.getvalue())
    assert again.counts["new"] == 1
    assert Business.objects.filter(name="Usaha Baru Diperbaiki").exists()
