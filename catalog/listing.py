"""The listing: what the public catalog copies from a business onto its products, and the
counts it shows beside every filter. This module is the one owner of the invariant "a
product carries its business's kabupaten/kota, kecamatan, scale, valid certificates,
whether it is listed and its name (searched: catalog.search)" (catalog.models' docstring says why it copies them):

- copied_columns() derives a product's copied columns, and nothing else does: every writer
  of products goes through it (catalog.services, the registry's COPY writer, the demo's
  bulk load);
- listing_sync() copies the current facts of some businesses onto their products, and
  refresh_counts() rebuilds the counts of a set of kabupaten/kota: every writer calls one of
  them once per write, with everything it touched.

directory sits below catalog and never imports it: its services (and every other writer of a
business's public facts) call directory.services.notify_listing_changed, which sends
directory.signals.listing_changed after the commit; the receiver here (connected in
CatalogConfig.ready) runs listing_sync."""

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When

from catalog.models import BusinessCount, CountsGeneration, FacetCount, Product, RegencyFacetCount
from directory.models import Business, Certification
from umkm_portal.batches import chunked

CERTIFICATION_FLAGS = [f"has_{kind}" for kind in Certification.Kind.values]


@dataclass(frozen=True)
class ListingFacts:
    """What a business's products copy from it."""

    regency_id: str
    district_id: str | None
    scale: str
    valid_kinds: frozenset
    listed: bool  # Business.is_listed: active, in the portal's province
    name: str  # the business's name: products are found by it too (catalog.search)


def facts_of(business, *, today=None):
    """The listing facts of one business (one query: its certificates, unless prefetched)."""
    today = today or datetime.date.today()
    return ListingFacts(
        regency_id=business.regency_id,
        district_id=business.district_id,
        scale=business.scale,
        valid_kinds=frozenset(c.kind for c in business.certifications.all() if c.is_valid(today)),
        listed=business.is_listed,
        name=business.name,
    )


def facts_of_many(business_ids, *, today=None):
    """{business id: ListingFacts} of many businesses, two queries per chunk of ids (bulk writers)."""
    today = today or datetime.date.today()
    facts = {}
    for chunk in chunked(business_ids):
        valid = defaultdict(set)
        certificates = Certification.objects.filter(business_id__in=chunk).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        for business_id, kind in certificates.values_list("business_id", "kind"):
            valid[business_id].add(kind)
        for business in Business.objects.filter(id__in=chunk).only("id", "name", "regency_id", "district_id", "scale", "status"):
            facts[business.id] = ListingFacts(
                regency_id=business.regency_id, district_id=business.district_id, scale=business.scale,
                valid_kinds=frozenset(valid[business.id]), listed=business.is_listed, name=business.name,
            )
    return facts


def copied_columns(facts, *, hidden):
    """The columns a product copies from its business, as {attribute name: value}. `hidden` is
    the product's is_hidden, or None for an UPDATE of many products, each deciding by its own
    is_hidden (is_listed then is a SQL expression)."""
    columns = {
        "regency_id": facts.regency_id,
        "district_id": facts.district_id,
        "scale": facts.scale,
        **{f"has_{kind}": kind in facts.valid_kinds for kind in Certification.Kind.values},
        "seller_name": facts.name,
    }
    if hidden is None:
        columns["is_listed"] = Case(When(is_hidden=False, then=Value(facts.listed)), default=Value(False))
    else:
        columns["is_listed"] = facts.listed and not hidden
    return columns


def listing_sync(business_ids, *, regency_codes=()):
    """Copy the current facts of these businesses onto their products, then rebuild the counts
    of every kabupaten/kota involved: where their products were, where the businesses are now,
    and `regency_codes` (where they were before a move, or new businesses without products)."""
    business_ids = set(business_ids)
    touched = set(regency_codes)
    with_products = set()
    for chunk in chunked(business_ids):
        rows = Product.objects.filter(business_id__in=chunk).order_by().values_list("business_id", "regency_id").distinct()
        for business_id, regency_code in rows:
            with_products.add(business_id)
            touched.add(regency_code)
    facts = facts_of_many(business_ids)
    with transaction.atomic():
        for business_id in with_products:
            Product.objects.filter(business_id=business_id).update(**copied_columns(facts[business_id], hidden=None))
    touched |= {fact.regency_id for fact in facts.values()}
    refresh_counts(regency_codes=touched)


def on_listing_changed(sender, *, business_ids, regency_codes=(), **kwargs):
    """Receiver of directory.signals.listing_changed (sent after the commit)."""
    listing_sync(business_ids, regency_codes=regency_codes)


def refresh_counts(*, regency_codes=None):
    """Rebuild FacetCount, RegencyFacetCount and BusinessCount for the given kabupaten/kota
    (all when None): one GROUP BY over the products, the coarser table summed from it."""
    if regency_codes is not None and not regency_codes:
        return
    products = Product.objects.listed()
    businesses = Business.objects.listed()
    tables = [FacetCount.objects.all(), RegencyFacetCount.objects.all(), BusinessCount.objects.all()]
    if regency_codes is not None:
        products = products.filter(regency__in=regency_codes)
        businesses = businesses.filter(regency__in=regency_codes)
        tables = [table.filter(regency__in=regency_codes) for table in tables]
    flags = CERTIFICATION_FLAGS
    rows = list(products.order_by().values("regency", "district", "category", "scale", *flags).annotate(n=Count("id")))
    per_regency = defaultdict(int)
    for row in rows:
        per_regency[(row["regency"], row["category"], row["scale"], *(row[flag] for flag in flags))] += row["n"]
    business_rows = businesses.order_by().values("regency", "sector", "scale").annotate(n=Count("id"))
    with transaction.atomic():
        for table in tables:
            table.delete()
        FacetCount.objects.bulk_create(
            [
                FacetCount(
                    regency_id=row["regency"], district_id=row["district"], category_id=row["category"],
                    scale=row["scale"], count=row["n"], **{flag: row[flag] for flag in flags},
                )
                for row in rows
            ],
            batch_size=2000,
        )
        RegencyFacetCount.objects.bulk_create(
            [
                RegencyFacetCount(
                    regency_id=regency, category_id=category, scale=scale, count=count, **dict(zip(flags, values)),
                )
                for (regency, category, scale, *values), count in per_regency.items()
            ],
            batch_size=2000,
        )
        BusinessCount.objects.bulk_create(
            [BusinessCount(regency_id=r["regency"], sector=r["sector"], scale=r["scale"], count=r["n"]) for r in business_rows],
            batch_size=2000,
        )
        bump_counts_generation()  # last: the row stays locked until the commit, briefly
    if connection.vendor == "postgresql" and regency_codes is None:
        tables = ", ".join(model._meta.db_table for model in (FacetCount, RegencyFacetCount, BusinessCount))
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


def bump_counts_generation(**kwargs):
    """Make every cached count and option list stale (catalog.models.CountsGeneration)."""
    value = secrets.randbits(62) + 1  # never 0, never a value an earlier (rolled back, restored) state had
    if not CountsGeneration.objects.filter(pk=1).update(value=value):
        CountsGeneration.objects.update_or_create(pk=1, defaults={"value": value})


def expire_certificates(*, today=None):
    """Clear has_<kind> on products whose business's certificate of that kind has lapsed,
    then rebuild the counts of the kabupaten/kota touched. Run daily (manage.py refresh_listings).
    Only rows that change are written."""
    today = today or datetime.date.today()
    touched = set()
    for kind in Certification.Kind.values:
        valid = Certification.objects.filter(business=OuterRef("business"), kind=kind).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
        lapsed = Product.objects.filter(**{f"has_{kind}": True}).exclude(Exists(valid))
        touched |= set(lapsed.values_list("regency_id", flat=True).distinct())
        lapsed.update(**{f"has_{kind}": False})
    if touched:
        refresh_counts(regency_codes=touched)
    return touched
