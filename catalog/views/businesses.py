"""The public directory: /umkm/ and each listed business's profile."""

import math

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalog.facets import LIVE_CAP, active_filters, cached, cached_list, counts_generation
from catalog.filters import BusinessFilter, removal_links, tidy_url
from catalog.models import BusinessCount, Product
from catalog.structured_data import absolute_url, business_jsonld, map_link
from directory.models import Business, Kbli, Scale
from directory.phones import whatsapp_link
from regions.models import Regency
from umkm_portal.batches import one_of
from umkm_portal.caching import public_page
from umkm_portal.keyset import PAGE_PARAMETERS, Ordering, SortKey, page_from_request

BY_NAME = Ordering((SortKey("name", type=str), SortKey("id")))
NEWEST = Ordering((SortKey("id", descending=True),))
# filter parameter -> column of BusinessCount
DIMENSIONS = {"wilayah": "regency", "sektor": "sector", "skala": "scale"}


def _business_counts(data):
    """The total and each filter's option counts (without its own filter) from BusinessCount."""

    def rows(without):
        return BusinessCount.objects.filter(**active_filters(data, DIMENSIONS, without=without))

    total = rows(None).aggregate(n=Sum("count"))["n"] or 0
    counts = {parameter: dict(rows(parameter).values_list(column).annotate(n=Sum("count"))) for parameter, column in DIMENSIONS.items()}
    return total, counts


def _directory_rows(ids):
    """Everything a row of /umkm/ shows, for one page of businesses, in two queries: the
    businesses with their region, KBLI and count of listed products, then their certificates."""
    products = Product.objects.listed().filter(business=OuterRef("pk")).order_by().values("business").annotate(n=Count("pk")).values("n")
    return (
        Business.objects.for_directory()
        .annotate(product_count=Coalesce(Subquery(products), 0))
        .prefetch_related("certifications")
        .in_bulk(ids)
    )


@require_safe
@public_page(params=(*BusinessFilter.base_filters, *PAGE_PARAMETERS))
def business_list(request):
    """/umkm/: the directory of listed businesses, by kabupaten/kota, sector and scale."""
    if url := tidy_url(request):
        return redirect(url)
    generation = counts_generation()
    regencies = cached_list("regencies", generation, (settings.PORTAL_PROVINCE,), Regency.objects.in_portal())
    filterset, notes = BusinessFilter.fitting(request.GET, queryset=Business.objects.listed_among(regencies))
    context = {"filterset": filterset, "form": filterset.form, "notes": notes, "query": filterset.data}
    data = filterset.form.cleaned_data
    results = filterset.qs
    if data.get("q"):
        # The matches, up to one past the cap, through the trigram index on the name (one bitmap
        # scan), and the page sorted from those alone. Left to itself, PostgreSQL walks every
        # business in name order looking for them: 0.35 s for "pempek" (93,000 of a million
        # names, most after "P") or for a rare word. Beyond the cap the list holds the first
        # LIVE_CAP matches found, by name, and the page says "more than 1,000": narrowing the
        # search (kabupaten/kota, sector) reaches the others.
        matches = list(results.order_by().values_list("id", flat=True)[: LIVE_CAP + 1])
        total, counts = len(matches), None
        results = Business.objects.filter(one_of("id", matches[:LIVE_CAP]))  # one parameter, not 1,000
        ordering = BY_NAME
    else:
        chosen = tuple(getattr(data.get(parameter), "pk", data.get(parameter)) for parameter in DIMENSIONS)
        total, counts = cached("business-counts", generation, chosen, lambda: _business_counts(data))
        ordering = filterset.ordering(BY_NAME)

    def choices(parameter, items, selected):
        return [
            {"value": value, "label": label, "selected": value == selected,
             "count": None if counts is None else counts[parameter].get(key, 0)}
            for value, label, key in items
        ]

    page = page_from_request(
        request, results, ordering, size=settings.CATALOG_PAGE_SIZE, load=_directory_rows
    )
    options = {
        "wilayah": choices("wilayah", [(r.slug, r.name, r.code) for r in regencies], data["wilayah"].slug if data.get("wilayah") else None),
        "sektor": choices("sektor", [(k.code, k.title, k.code) for k in cached_list("sectors", generation, (), Kbli.objects.sectors())], data.get("sektor")),
        "skala": choices("skala", [(v, label, v) for v, label in Scale.choices], data.get("skala")),
    }
    active = [(parameter, o["value"], o["label"]) for parameter, choices in options.items() for o in choices if o["selected"]]
    chips, clear_url = removal_links(request.path, filterset.data, active, keep=("q",))
    context.update(
        chips=chips,
        clear_url=clear_url,
        options=options,
        page=page,
        total=min(total, LIVE_CAP),
        total_capped=total > LIVE_CAP,
        page_count=None if total > LIVE_CAP else max(1, math.ceil(total / settings.CATALOG_PAGE_SIZE)),
    )
    return render(request, "catalog/business_list.html", context)


@require_safe
@public_page(params=PAGE_PARAMETERS)
def business_detail(request, slug):
    """/umkm/<slug>/: a listed business's public profile and its products; others answer 404."""
    business = get_object_or_404(
        Business.objects.listed().select_related("regency__province", "district", "village", "kbli"), slug=slug
    )
    page = page_from_request(
        request, Product.objects.for_cards().filter(business=business), NEWEST, size=settings.CATALOG_PAGE_SIZE
    )
    page_url = settings.SITE_URL + business.get_absolute_url()
    message = _("Halo %(business)s, saya melihat usaha Anda di %(portal)s: %(url)s") % {
        "business": business.name, "portal": settings.PORTAL_NAME, "url": page_url,
    }
    location = business.public_location()
    return render(request, "catalog/business_detail.html", {
        "business": business,
        "registry_note": business.registry_note(),
        "map_url": map_link(*location) if location else "",
        "certifications": [c for c in business.certifications.all() if c.is_valid()],
        "photos": business.photos.all(),
        "page": page,
        "whatsapp_url": whatsapp_link(business.whatsapp, message),
        "og_image": absolute_url(business.logo.url) if business.logo else None,
        "jsonld": business_jsonld(business, page_url, location=location),
    })
