"""The official Kemendagri regions: counts, codes, slugs, aliases, and the load_regions
command (idempotent; --villages adds the desa/kelurahan)."""

import io

import pytest
from django.core.management import call_command

from regions.models import District, Province, Regency, RegencyAlias, Village
from regions.names import normalize_region_name

pytestmark = pytest.mark.django_db


def table_counts():
    return {model.__name__: model.objects.count() for model in (Province, Regency, RegencyAlias, District, Village)}


def test_counts():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert District.objects.count() == 7285


def test_portal_province_is_sumatera_selatan():
    assert Province.objects.get(code="16").name == "Sumatera Selatan"
    regencies = Regency.objects.in_portal()
    assert regencies.count() == 17
    assert set(regencies.values_list("province_id", flat=True)) == {"16"}
    assert regencies.filter(type="kota").count() == 4  # Palembang, Pagar Alam, Lubuk Linggau, Prabumulih


def test_in_portal_follows_the_setting(settings):
    settings.PORTAL_PROVINCE = "32"
    assert Regency.objects.in_portal().count() == 27
    assert set(Regency.objects.in_portal().values_list("province_id", flat=True)) == {"32"}


@pytest.mark.parametrize("code, slug, name", [
    ("16.71", "kota-palembang", "Kota Palembang"),
    ("16.02", "kabupaten-ogan-komering-ilir", "Kabupaten Ogan Komering Ilir"),
    ("16.12", "kabupaten-penukal-abab-lematang-ilir", "Kabupaten Penukal Abab Lematang Ilir"),
    ("32.73", "kota-bandung", "Kota Bandung"),
])
def test_codes_names_and_slugs(code, slug, name):
    regency = Regency.objects.get(code=code)
    assert (regency.slug, regency.name) == (slug, name)
    assert regency.get_absolute_url() == f"/wilayah/{slug}/"


def test_slugs_are_unique_and_readable():
    slugs = list(Regency.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 514
    assert all(slug == slug.lower() and " " not in slug for slug in slugs)


def test_districts_belong_to_their_regency_by_code():
    palembang = District.objects.filter(regency_id="16.71")
    assert palembang.count() == 18
    assert all(code.startswith("16.71.") for code in palembang.values_list("code", flat=True))
    assert District.objects.filter(regency__province_id="16").count() == 241


@pytest.mark.parametrize("written, code", [
    ("OKI", "16.02"),
    ("oki", "16.02"),
    ("Palembang", "16.71"),
    ("KOTA PALEMBANG", "16.71"),
    ("Plg", "16.71"),
    ("OKU Timur", "16.08"),
    ("Kab. OKU Timur", "16.08"),
    ("OKUT", "16.08"),
    ("PALI", "16.12"),
    ("Muratara", "16.13"),
    ("Musi Rawas Utara", "16.13"),
    ("Ogan Komering Ilir", "16.02"),
    ("Lubuklinggau", "16.73"),
    ("Kabupaten  Muara\u00a0Enim", "16.03"),
])
def test_aliases_find_the_official_region(written, code):
    alias = RegencyAlias.objects.select_related("regency").get(normalized=normalize_region_name(written))
    assert alias.regency.code == code


def test_ambiguous_short_name_is_not_an_alias():
    # "Bandung" is both Kabupaten Bandung and Kota Bandung
    assert Regency.objects.filter(short_name="Bandung").count() == 2
    assert not RegencyAlias.objects.filter(normalized="bandung").exists()


def test_load_regions_is_idempotent():
    before = table_counts()
    palembang = Regency.objects.get(code="16.71")
    palembang.name = "Kota Palembang (diubah)"
    palembang.save()
    call_command("load_regions", stdout=io.StringIO())
    call_command("load_regions", stdout=io.StringIO())
    assert table_counts() == before
    assert Regency.objects.get(code="16.71").name == "Kota Palembang"  # updated in place from the official table


def test_load_regions_with_villages(villages):
    """The session fixture `villages` runs `load_regions --villages` (once for every test that
    needs the desa): what it loaded is checked here rather than loaded a second time."""
    assert Village.objects.count() == 83762
    assert villages is None or "83762 villages" in villages
    assert Village.objects.filter(district__regency__province_id="16").exists()
    assert all(code.startswith(district + ".") for code, district in Village.objects.values_list("code", "district_id")[:500])
    assert set(Village.objects.values_list("type", flat=True)) == {choice for choice, _ in Village.Type.choices}
    assert Village.objects.filter(type=Village.Type.DESA_ADAT).first().get_type_display() == "Desa adat"
