"""Counts beside each catalog filter option.

Each dimension is counted with every other active filter applied but not its
own, so a shopper sees what choosing another option would give. Without a
search word or price bound the counts are sums over FacetCount (a few thousand
rows); with them, the matching products are counted directly, up to LIVE_CAP:
beyond it the figure shown is "more than LIVE_CAP" and option counts are left out
rather than making the page slow.

The sums over the count tables, and the reference rows shown as options (kabupaten/kota,
kecamatan, categories, KBLI sectors), are cached keyed on the generation of the count tables
(catalog.models.CountsGeneration, bumped by every rebuild): a page reads that generation (one
query by primary key) and finds the rest in the cache, in every app process, whichever cache
backend it has; the first page after a rebuild computes them again."""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q, Sum

from catalog.filters import ProductFilter
from catalog.models import CountsGeneration, FacetCount, Product, RegencyFacetCount
from directory.models import Certification

LIVE_CAP = 1_000
# Keys carry the generation, so a stale entry is never read: the lifetime only bounds how many
# old ones a cache keeps.
COUNTS_CACHE_SECONDS = 3600

# filter parameter -> column in Product and FacetCount
DIMENSIONS = {"wilayah": "regency", "kecamatan": "district", "kategori": "category", "skala": "scale"}


@dataclass
class Facets:
    total: int
    total_capped: bool
    counts: dict = field(default_factory=dict)  # parameter -> {column value: count}; absent when too many rows
    generation: int = 0  # of the count tables these were read with: for cached_list

    def count_for(self, parameter, value):
        counts = self.counts.get(parameter)
        return None if counts is None else counts.get(value, 0)


def counts_generation():
    """The generation of the count tables (0 before their first rebuild: nothing is cached then),
    one query by primary key."""
    return CountsGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def cached(name, generation, parts, build):
    """`build()`, cached for this generation of the count tables under `name` and `parts` (a
    tuple of plain values)."""
    if not generation:
        return build()  # the count tables were never rebuilt: nothing to key a cache entry on
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"catalog:{name}:{generation}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, COUNTS_CACHE_SECONDS)
    return value


def cached_list(name, generation, parts, queryset):
    """The rows of `queryset` (reference rows shown as filter options), cached like the counts
    under `name` and `parts`, which must determine the queryset (naming it is cheaper than
    compiling its SQL for a key). Kabupaten/kota, kecamatan and KBLI change only with a reload
    of the reference data (run `refresh_listings --all` after one); categories bump the
    generation themselves."""
    return cached(name, generation, parts, lambda: list(queryset))


def catalog_facets(filterset, base=None):
    """Facets for a valid ProductFilter. `base` restricts everything to one kabupaten/kota page."""
    generation = counts_generation()
    if filterset.uses_live_counts:
        facets = _live_facets(filterset, base)
    else:
        data = filterset.form.cleaned_data
        facets = cached("facets", generation, _cube_key(data, base), lambda: _cube_facets(data, base))
    facets.generation = generation
    return facets


def _cube_key(data, base):
    """What _cube_facets reads from the cleaned data, as plain values."""
    chosen = tuple(getattr(data.get(parameter), "pk", data.get(parameter)) for parameter in DIMENSIONS)
    return (base.pk if base is not None else None, *chosen, tuple(sorted(data.get("sertifikasi") or [])))


def active_filters(data, dimensions, *, without=None):
    """{column: value} of the active filters in `data` (a form's cleaned data) among `dimensions`
    ({parameter: column}), leaving out the filter `without`: the counts beside a filter's options
    apply every other active filter but never its own (here and on /umkm/)."""
    return {column: data[parameter] for parameter, column in dimensions.items() if parameter != without and data.get(parameter)}


def _cube_filters(data, base, without=None):
    """Column filters on the facet tables for the active filters, leaving out `without`."""
    filters = {"regency": base.code} if base is not None else {}
    filters.update(active_filters(data, DIMENSIONS, without=without))
    if "district" in filters:
        # The kecamatan code starts with its kabupaten/kota's: stay on the facet_regency index.
        filters.setdefault("regency", filters["district"].regency_id)
    if without != "sertifikasi":
        for kind in data.get("sertifikasi") or []:
            filters[f"has_{kind}"] = True
    return filters


def _cube(filters, *, by_district=False):
    """The smallest facet table that can answer: per kecamatan only when kecamatan is involved."""
    if by_district or "district" in filters:
        return FacetCount.objects.filter(**filters)
    return RegencyFacetCount.objects.filter(**filters)


def _cube_facets(data, base):
    total = _cube(_cube_filters(data, base)).aggregate(n=Sum("count"))["n"] or 0
    facets = Facets(total=total, total_capped=False)
    for parameter, column in DIMENSIONS.items():
        if parameter == "kecamatan" and not (data.get("wilayah") or base):
            continue
        rows = _cube(_cube_filters(data, base, without=parameter), by_district=parameter == "kecamatan")
        facets.counts[parameter] = dict(rows.values_list(column).annotate(n=Sum("count")))
    sums = _cube(_cube_filters(data, base, without="sertifikasi")).aggregate(
        **{kind: Sum("count", filter=Q(**{f"has_{kind}": True})) for kind in Certification.Kind.values}
    )
    facets.counts["sertifikasi"] = {kind: n or 0 for kind, n in sums.items()}
    return facets


def _products_without(filterset, parameter, base):
    data = filterset.data.copy()
    data.pop(parameter, None)
    queryset = Product.objects.listed() if base is None else Product.objects.listed().filter(regency=base)
    return ProductFilter(data, queryset=queryset, base=base).qs


def _capped_count(queryset):
    return queryset.order_by().values("id")[: LIVE_CAP + 1].count()


def _live_facets(filterset, base):
    total = _capped_count(filterset.qs)
    facets = Facets(total=min(total, LIVE_CAP), total_capped=total > LIVE_CAP)
    if facets.total_capped:
        # Leaving a filter out only adds rows, so every option count would be over the cap too.
        return facets
    data = filterset.form.cleaned_data
    for parameter in [*DIMENSIONS, "sertifikasi"]:
        if parameter == "kecamatan" and not (data.get("wilayah") or base):
            continue
        if data.get(parameter):
            queryset = _products_without(filterset, parameter, base)
            if _capped_count(queryset) > LIVE_CAP:
                continue
        else:
            queryset = filterset.qs  # an inactive filter: its options split the same rows as the total
        queryset = queryset.order_by()
        if parameter == "sertifikasi":
            facets.counts[parameter] = queryset.aggregate(
                **{kind: Count("id", filter=Q(**{f"has_{kind}": True})) for kind in Certification.Kind.values}
            )
        else:
            column = DIMENSIONS[parameter]
            facets.counts[parameter] = dict(queryset.values_list(column).annotate(n=Count("id")))
    return facets
