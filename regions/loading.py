"""Loading the official region tables from fixtures/regions into the database.

Upserts (INSERT ... ON CONFLICT UPDATE) keyed by the Kemendagri code, so running
it again changes nothing and a renamed region is updated in place."""

import csv
import gzip
from pathlib import Path

from django.conf import settings
from django.db import transaction

from regions.models import District, Province, Regency, RegencyAlias, Village
from regions.names import normalize_region_name, regency_slug

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "regions"
BATCH = 5000
# The fixture writes "desa_adat"; the model's choice is "desa adat". An unknown type stops the load.
VILLAGE_TYPES = {"desa": Village.Type.DESA, "kelurahan": Village.Type.KELURAHAN, "desa_adat": Village.Type.DESA_ADAT}


def _rows(name):
    path = FIXTURES / name
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    else:
        with open(path, encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)


def _upsert(model, objects, fields):
    model.objects.bulk_create(
        objects, batch_size=BATCH, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )
    return len(objects)


def _regency_slugs(rows):
    """Slugs from the official name ("kota-palembang"); the few names shared by two
    provinces get the province's name appended."""
    slugs = {}
    taken = {}
    for row in rows:
        taken.setdefault(regency_slug(row["name"]), []).append(row)
    provinces = {row["code"]: row["name"] for row in _rows("provinces.csv")}
    for slug, same in taken.items():
        for row in same:
            slugs[row["code"]] = slug if len(same) == 1 else f"{slug}-{regency_slug(provinces[row['province_code']])}"
    return slugs


@transaction.atomic
def load_regions(*, villages=False):
    """Load provinces, kabupaten/kota (with aliases), kecamatan and, when asked, desa/kelurahan.
    Returns the number of rows written per table."""
    counts = {}
    counts["provinces"] = _upsert(Province, [Province(code=r["code"], name=r["name"]) for r in _rows("provinces.csv")], ["name"])

    regency_rows = list(_rows("regencies.csv"))
    slugs = _regency_slugs(regency_rows)
    counts["regencies"] = _upsert(
        Regency,
        [
            Regency(
                code=r["code"], province_id=r["province_code"], name=r["name"], short_name=r["name_short"],
                type=r["type"], slug=slugs[r["code"]],
            )
            for r in regency_rows
        ],
        ["province", "name", "short_name", "type", "slug"],
    )
    counts["aliases"] = _load_aliases(regency_rows)
    counts["districts"] = _upsert(
        District, [District(code=r["code"], regency_id=r["regency_code"], name=r["name"]) for r in _rows("districts.csv")],
        ["regency", "name"],
    )
    if villages:
        counts["villages"] = _upsert(
            Village,
            [Village(code=r["code"], district_id=r["district_code"], name=r["name"], type=VILLAGE_TYPES[r["type"]])
             for r in _rows("villages.csv.gz")],
            ["district", "name", "type"],
        )
    return counts


def _load_aliases(regency_rows):
    """Every short name ("Ogan Komering Ilir", "Palembang") plus the curated
    abbreviations in aliases.csv. A short name shared by a kabupaten and a kota
    (e.g. "Bandung") is ambiguous, so it is not an alias of either."""
    candidates = {}
    for row in regency_rows:
        candidates.setdefault(normalize_region_name(row["name_short"]), set()).add((row["code"], row["name_short"]))
    for row in _rows("aliases.csv"):
        candidates.setdefault(normalize_region_name(row["alias"]), set()).add((row["regency_code"], row["alias"]))
    aliases = []
    for normalized, owners in candidates.items():
        if len({code for code, _ in owners}) == 1:
            code, alias = sorted(owners)[0]
            aliases.append(RegencyAlias(regency_id=code, alias=alias, normalized=normalized))
    RegencyAlias.objects.bulk_create(
        aliases, batch_size=BATCH, update_conflicts=True, unique_fields=["normalized"], update_fields=["regency", "alias"]
    )
    return len(aliases)
