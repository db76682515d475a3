"""What the generator draws places and KBLI sectors from: the portal province's kabupaten/kota
with their kecamatan and desa/kelurahan, and the KBLI codes the trades use. Loaded from the
database for the demo (from_database) or straight from the fixture files for the registry
benchmark (from_fixtures, no Django settings needed); both give the same shape."""

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

from demo.words import REGENCY_WEIGHTS, TRADES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OTHER_REGENCY_WEIGHT = 300


@dataclass
class DemoReference:
    regencies: list  # (code, name, short_name, type), type "kabupaten" or "kota"
    weights: list  # of each regency, in that order
    districts: dict  # regency code -> [(code, name)]
    villages: dict  # district code -> [(code, name)]
    kbli_sectors: dict  # KBLI code of a trade -> kategori letter
    kbli_titles: dict  # KBLI code of a trade -> title

    @classmethod
    def build(cls, province, regencies, districts, villages, kbli):
        """From rows: regencies (code, name, short_name, type), districts (code, regency, name),
        villages (code, district, name), kbli (code, kategori, title) of at least the trades' codes."""
        regencies = list(regencies)
        if not regencies:
            raise LookupError(f"No kabupaten/kota for province {province}: run `manage.py load_regions --villages` first.")
        by_regency = {}
        for code, regency, name in districts:
            by_regency.setdefault(regency, []).append((code, name))
        by_district = {}
        for code, district, name in villages:
            by_district.setdefault(district, []).append((code, name))
        codes = {code for trade in TRADES for code in trade.kbli}
        found = {code: (sector, title) for code, sector, title in kbli if code in codes}
        if missing := codes - found.keys():
            raise LookupError(f"KBLI codes {sorted(missing)} missing: run `manage.py load_catalog_reference` first.")
        return cls(
            regencies=regencies,
            weights=[REGENCY_WEIGHTS.get(code, OTHER_REGENCY_WEIGHT) for code, *_ in regencies],
            districts=by_regency,
            villages=by_district,
            kbli_sectors={code: sector for code, (sector, _) in found.items()},
            kbli_titles={code: title for code, (_, title) in found.items()},
        )

    @classmethod
    def from_database(cls):
        """The portal province (settings.PORTAL_PROVINCE) as loaded by load_regions and load_catalog_reference."""
        from django.conf import settings

        from directory.models import Kbli
        from regions.models import District, Regency, Village

        province = settings.PORTAL_PROVINCE
        codes = {code for trade in TRADES for code in trade.kbli}
        return cls.build(
            province,
            Regency.objects.in_portal().values_list("code", "name", "short_name", "type"),
            District.objects.filter(regency__province_id=province).values_list("code", "regency", "name"),
            Village.objects.filter(district__regency__province_id=province).values_list("code", "district", "name"),
            Kbli.objects.filter(code__in=codes).values_list("code", "category_code", "title"),
        )

    @classmethod
    def from_fixtures(cls, province="16"):
        """The same from fixtures/regions and fixtures/kbli, without a database."""
        regencies = [(r["code"], r["name"], r["name_short"], r["type"])
                     for r in fixture_rows("regions/regencies.csv") if r["province_code"] == province]
        codes = {code for code, *_ in regencies}
        districts = [(r["code"], r["regency_code"], r["name"]) for r in fixture_rows("regions/districts.csv") if r["regency_code"] in codes]
        district_codes = {code for code, _, _ in districts}
        villages = [(r["code"], r["district_code"], r["name"])
                    for r in fixture_rows("regions/villages.csv.gz") if r["district_code"] in district_codes]
        kbli = ((r["code"], r["category_code"], r["title"]) for r in fixture_rows("kbli/kbli2020_codes.csv"))
        return cls.build(province, regencies, districts, villages, kbli)


def fixture_rows(name):
    """The rows of a fixture file (fixtures/<name>, .csv or .csv.gz) as dicts."""
    path = FIXTURES / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
