"""The public catalog: the home page, /produk/, one product, the kabupaten/kota, robots.txt."""

import math

from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from catalog.facets import cached, cached_list, catalog_facets, counts_generation
from catalog.filters import ProductFilter, removal_links, tidy_url
from catalog.models import BusinessCount, Category, Product, RegencyFacetCount
from catalog.query_reading import read_query
from catalog.search import POPULAR_SEARCHES, correction, query_words, relevance_ordering, replace_words, search_terms, translations
from catalog.structured_data import absolute_url, product_jsonld
from directory.models import Certification, Scale
from directory.phones import whatsapp_link
from regions.models import Province, Regency
from umkm_portal.alternates import page_links
from umkm_portal.caching import public_page
from umkm_portal.keyset import PAGE_PARAMETERS, Ordering, SortKey, page_from_request
from umkm_portal.money import format_rupiah, format_thousands

ORDERINGS = {
    "terbaru": Ordering((SortKey("id", descending=True),)),
    "harga": Ordering((SortKey("price_min", nullable=True), SortKey("id"))),
    "nama": Ordering((SortKey("name", type=str), SortKey("id"))),
}
# What /produk/ and /wilayah/<slug>/ read from the query string (the page cache keys on these alone).
CATALOG_PARAMETERS = (*ProductFilter.base_filters, "urut", "harfiah", *PAGE_PARAMETERS)
SORT_LABELS = {"terbaru": gettext_lazy("Terbaru"), "harga": gettext_lazy("Harga terendah"), "nama": gettext_lazy("Nama (A–Z)")}
SEARCH_SORT_LABELS = {"relevan": gettext_lazy("Paling relevan"), **SORT_LABELS}
TOO_FEW_RESULTS = 3  # fewer than this: offer a correction of misspelt words
FIRST_ROW = 4  # cards in the first row of the widest grid
PER_SELLER_IN_FIRST_ROW = 2
FILTER_PARAMETERS = ("wilayah", "kecamatan", "kategori", "harga_min", "harga_max", "sertifikasi", "skala")


def _portal_province():
    return get_object_or_404(Province, code=settings.PORTAL_PROVINCE)


@require_safe
@public_page
def home(request):
    """The province at a glance: its kabupaten/kota with counts, categories, newest and featured products."""
    return render(request, "catalog/home.html", {
        **cached("home", counts_generation(), (settings.PORTAL_PROVINCE,), _province_at_a_glance),
        "featured": Product.objects.for_cards().filter(is_featured=True)[:8],
        "newest": Product.objects.for_cards()[:8],
    })


def _province_at_a_glance():
    """The province, its kabupaten/kota and categories with their counts (cached with the counts)."""
    regencies = _regencies_with_counts()
    categories = list(Category.objects.all())
    category_counts = dict(RegencyFacetCount.objects.values_list("category").annotate(n=Sum("count")))
    for category in categories:
        category.product_count = category_counts.get(category.id, 0)
    categories = [category for category in categories if category.product_count]  # no link to an empty listing
    return {
        "province": _portal_province(),
        "regencies": regencies,
        "categories": categories,
        "total_products": sum(r.product_count for r in regencies),
        "total_businesses": sum(r.business_count for r in regencies),
    }


def _regencies_with_counts():
    """The portal's kabupaten/kota, each with .product_count and .business_count (three queries)."""
    regencies = list(Regency.objects.in_portal())
    product_counts = dict(RegencyFacetCount.objects.values_list("regency").annotate(n=Sum("count")))
    business_counts = dict(BusinessCount.objects.values_list("regency").annotate(n=Sum("count")))
    for regency in regencies:
        regency.product_count = product_counts.get(regency.code, 0)
        regency.business_count = business_counts.get(regency.code, 0)
    return regencies


@require_safe
@public_page
def region_list(request):
    """/wilayah/: every kabupaten/kota of the province with its counts and Kemendagri code."""
    def regions():
        regencies = _regencies_with_counts()
        return {
            "province": _portal_province(),
            "regencies": regencies,
            "total_products": sum(r.product_count for r in regencies),
            "total_businesses": sum(r.business_count for r in regencies),
        }

    return render(request, "catalog/region_list.html", cached("regions", counts_generation(), (settings.PORTAL_PROVINCE,), regions))


# Filters that make a page a named listing (its own title, H1, description, canonical); any
# other filter, a search or a price makes it a filter combination. Sorting and the page cursor
# change neither: they are the same listing, and its canonical is its first page.
LISTING_FILTERS = {"wilayah", "kategori"}


def _listing(data, base, total):
    """Title, description and canonical links of the page these (valid) filters show.

    A kabupaten/kota (/wilayah/<slug>/, or /produk/?wilayah=<slug> pointing there), a category
    (/produk/?kategori=<slug>) and the pair (/wilayah/<slug>/?kategori=<slug>, also for
    /produk/?wilayah=…&kategori=…) are named listings. Any other combination keeps the plain
    page's title and is canonical to it: /produk/, or on /wilayah/<slug>/ that page."""
    named = data is not None and not any(value for key, value in data.items() if key not in LISTING_FILTERS)
    regency = base or (data.get("wilayah") if named else None)
    category = data.get("kategori") if named else None
    if not (regency or category):
        return {"listing_links": page_links(reverse("catalog:product-list"))}
    if category:
        place = regency.name if regency else settings.PORTAL_PROVINCE_NAME
        title = _("%(category)s dari UMKM %(place)s") % {"category": category.display_name, "place": place}
        description = _(
            "%(count)s produk %(category)s dari UMKM di %(place)s. Bandingkan harga dan sertifikasi, "
            "lalu hubungi penjualnya langsung."
        ) % {"count": format_thousands(total), "category": category.display_name, "place": place}
    else:
        title = _("Produk UMKM %(name)s") % {"name": regency.name}
        description = _(
            "%(count)s produk dari UMKM di %(place)s: makanan, kerajinan, fashion, hasil bumi, dan lainnya."
        ) % {"count": format_thousands(total), "place": regency.name}
    path = reverse("catalog:region", args=[regency.slug]) if regency else reverse("catalog:product-list")
    if category:
        path += f"?kategori={category.slug}"
    return {"listing_title": title, "listing_description": description, "listing_links": page_links(path),
            "listing_category": category, "is_listing": named}


def _catalog_context(request, *, base=None, params=None, typed=None):
    """The filtered, sorted, paginated catalog and its facet counts; `base` fixes one kabupaten/kota.

    The search words are read first (catalog.query_reading): a place, certificate or budget in
    them becomes the filter it names. When a place read from the words leaves nothing, the words
    are searched as words ("madu pedamaran" is also a product name). Filter values that do not
    fit are then left out, each with a note (ProductFilter.fitting). When the words find nothing and
    a correction of their misspelt words finds something, the page shows the corrected search at
    once (`typed`: the words as typed), as marketplace search does, with a link to the words as typed."""
    params = request.GET if params is None else params
    queryset = Product.objects.listed()
    if base is not None:
        queryset = queryset.filter(regency=base)
    reading = _reading(params, base)
    filterset, notes = ProductFilter.fitting(_read_data(params, reading), queryset=queryset, base=base)
    facets = catalog_facets(filterset, base=base)
    if facets.total == 0 and reading is not None and reading.place_words:
        as_words = _reading(params, base, places=False)
        words_filterset, words_notes = ProductFilter.fitting(_read_data(params, as_words), queryset=queryset, base=base)
        if (words_facets := catalog_facets(words_filterset, base=base)).total:
            reading, filterset, facets, notes = as_words, words_filterset, words_facets, words_notes
    text = filterset.form.cleaned_data.get("q") or ""
    sort = _sort(filterset.data.get("urut"), text)
    ordering = relevance_ordering(text, many=facets.total_capped) if sort == "relevan" else ORDERINGS[sort]
    # Words matching over 1,000 products: their relevance page reads the newest ids, where
    # checking each row beats building the index's bitmap of every match.
    matching = filterset.rows_checked_one_by_one() if sort == "relevan" and facets.total_capped else filterset.qs
    page = page_from_request(
        request, matching, ordering, size=settings.CATALOG_PAGE_SIZE, load=Product.objects.for_cards().in_bulk
    )
    if sort == "relevan" and page.previous_cursor is None:
        page.items = vary_sellers(page.items)
    pages = max(1, math.ceil(facets.total / settings.CATALOG_PAGE_SIZE))
    options = _filter_options(filterset, facets, base)
    chips, clear_url = removal_links(request.path, filterset.data, _active_filters(filterset, options))
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "sort": sort,
        "sort_labels": SEARCH_SORT_LABELS if text else SORT_LABELS,
        "base": base,
        "notes": notes,
        "query": filterset.data,
        "chips": chips,
        "clear_url": clear_url,
        "facets": facets,
        "page": page,
        "page_count": None if facets.total_capped else pages,
        "options": options,
        "search_region": _search_region(params, filterset, base),
        "search_here": base is not None,  # the header search sends to this region page
        "filter_q": filterset.data.get("q", ""),
        "reading": reading if reading is not None and reading.changed else None,
        "translations": translations(search_terms(text)),
        "correction": _correction(params, filterset, reading, facets, queryset, base) if text else None,
        "typed": typed,
        **_listing(filterset.form.cleaned_data, base, facets.total),
    }
    if facets.total == 0 and context["correction"] and typed is None and not params.get("harfiah"):
        corrected = params.copy()
        corrected["q"] = context["correction"]["q"]
        return _catalog_context(request, base=base, params=corrected, typed=params["q"])
    if facets.total == 0 or not params.get("q"):
        context["suggestions"] = _suggestions(options["kategori"], base, found_nothing=facets.total == 0)
        context["filters_chosen"] = any(params.get(name) for name in FILTER_PARAMETERS)
    return context


def _active_filters(filterset, options):
    """(parameter, value, label) of every filter value in use, for the chips above the results."""
    active = [(parameter, option["value"], option["label"]) for parameter, choices in options.items() for option in choices if option["selected"]]
    data = filterset.form.cleaned_data
    if data.get("harga_min") is not None:
        active.append(("harga_min", filterset.data["harga_min"], _("Dari %(amount)s") % {"amount": format_rupiah(data["harga_min"])}))
    if data.get("harga_max") is not None:
        active.append(("harga_max", filterset.data["harga_max"], _("Sampai %(amount)s") % {"amount": format_rupiah(data["harga_max"])}))
    return active


def _reading(params, base, *, places=True):
    """How the search words read, or None without words (or with too many: the form says so)."""
    text = params.get("q", "")
    if not text.strip() or len(text) > ProductFilter.base_filters["q"].extra["max_length"] or params.get("harfiah"):
        return None  # ?harfiah=1: the words exactly as typed ("Cari persis")
    chosen = {name: params.get(name) for name in ("wilayah", "kecamatan", "harga_max", "urut")}
    chosen["sertifikasi"] = params.getlist("sertifikasi")
    return read_query(text, chosen=chosen, base=base, places=places)


def _read_data(data, reading):
    """The query string with the search words replaced by what they were read as."""
    if reading is None:
        return data
    data = data.copy()
    data["q"] = reading.text
    for name, value in reading.filters.items():
        if isinstance(value, list):
            data.setlist(name, data.getlist(name) + value)
        else:
            data[name] = value
    if reading.cheapest_first:
        data["urut"] = "harga"
    return data


def _sort(requested, text):
    """The ordering asked for, else by relevance with search words, else newest first."""
    if requested in ORDERINGS or (requested == "relevan" and query_words(text)):
        return requested
    return "relevan" if query_words(text) else "terbaru"


def vary_sellers(items, *, row=FIRST_ROW, per_seller=PER_SELLER_IN_FIRST_ROW):
    """The first page of a relevance order with at most `per_seller` cards of one seller in the
    first `row` cards: a further card of a seller moves down to just after the first row, the
    next card of another seller moves up. Only within the page (its cursors are already written
    from the rows as read), so paging is unchanged."""
    first, rest, moved = [], list(items), []
    while rest and len(first) < row:
        shown = [item.business_id for item in first]
        index = next((i for i, item in enumerate(rest) if shown.count(item.business_id) < per_seller), None)
        if index is None:
            break
        moved += rest[:index]
        first.append(rest[index])
        rest = rest[index + 1:]
    return first + moved + rest


def _search_region(params, filterset, base):
    """The kabupaten/kota the header search keeps: the page's, or the one chosen in the filters
    (not one read from the search words)."""
    if base is not None:
        return base
    chosen = filterset.form.cleaned_data.get("wilayah")
    return chosen if chosen is not None and chosen.slug == params.get("wilayah") else None


def _correction(params, filterset, reading, facets, queryset, base):
    """The query with its misspelt words corrected, when it finds too little and the corrected
    words find more listed products with the same filters; else None."""
    if facets.total >= TOO_FEW_RESULTS:
        return None
    text = filterset.form.cleaned_data["q"]
    known = set(reading.place_words.lower().split()) if reading is not None else set()
    replacements = correction(text, known=known)
    if not replacements:
        return None
    data = filterset.data.copy()
    data["q"] = replace_words(text, replacements)
    corrected = ProductFilter(data, queryset=queryset, base=base)
    if not corrected.is_valid() or corrected.qs.order_by().values("id")[: facets.total + 1].count() <= facets.total:
        return None  # the corrected words find no more than the words typed
    return {"words": data["q"], "q": replace_words(params.get("q", ""), replacements)}


def _suggestions(options, base, *, found_nothing):
    """Plain links for an empty search box or an empty result: popular searches and the
    categories with the most products: the options' counts with an empty box, the page's own
    (one sum over the facet table) when the search found nothing and the options count zero."""
    if found_nothing:
        counts = RegencyFacetCount.objects.all() if base is None else RegencyFacetCount.objects.filter(regency=base)
        counts = dict(counts.values_list("category").annotate(n=Sum("count")))
        by_slug = {c.slug: counts.get(c.id, 0) for c in Category.objects.all()}
        options = [{**o, "count": by_slug.get(o["value"], 0)} for o in options]
    categories = sorted((o for o in options if o["count"]), key=lambda o: -o["count"])[:6]
    return {"searches": POPULAR_SEARCHES, "categories": categories}


def _filter_options(filterset, facets, base):
    """Every filter's options with their counts, for the template to display."""
    form = filterset.form
    data = form.cleaned_data

    def choices(parameter, items, value_of, label_of, selected):
        return [
            {"value": value_of(item), "label": label_of(item), "count": facets.count_for(parameter, key),
             "selected": value_of(item) in selected}
            for item, key in items
        ]

    options = {}
    if base is None:
        regencies = cached_list("regencies", facets.generation, (settings.PORTAL_PROVINCE,), filterset.filters["wilayah"].queryset)
        options["wilayah"] = choices(
            "wilayah", [(r, r.code) for r in regencies], lambda r: r.slug, lambda r: r.name,
            {data["wilayah"].slug} if data.get("wilayah") else set(),
        )
    if base is not None or data.get("wilayah"):
        regency = base or data["wilayah"]
        districts = cached_list("districts", facets.generation, (regency.pk,), filterset.filters["kecamatan"].queryset)
        options["kecamatan"] = choices(
            "kecamatan", [(d, d.code) for d in districts], lambda d: d.code, lambda d: d.name,
            {data["kecamatan"].code} if data.get("kecamatan") else set(),
        )
    options["kategori"] = choices(
        "kategori", [(c, c.id) for c in cached_list("categories", facets.generation, (), Category.objects.all())], lambda c: c.slug, lambda c: c.display_name,
        {data["kategori"].slug} if data.get("kategori") else set(),
    )
    options["sertifikasi"] = choices(
        "sertifikasi", [(k, k[0]) for k in Certification.Kind.choices], lambda k: k[0], lambda k: k[1], set(data.get("sertifikasi") or []),
    )
    options["skala"] = choices(
        "skala", [(s, s[0]) for s in Scale.choices], lambda s: s[0], lambda s: s[1], {data.get("skala")} - {"", None},
    )
    return options


@require_safe
@public_page(params=CATALOG_PARAMETERS)
def product_list(request):
    """/produk/: the whole catalog, filtered, searched, sorted and paginated."""
    if url := tidy_url(request):
        return redirect(url)
    return render(request, "catalog/product_list.html", _catalog_context(request))


@require_safe
@public_page(params=CATALOG_PARAMETERS)
def region_detail(request, slug):
    """/wilayah/<slug>/: everything one kabupaten/kota of this province makes."""
    regency = get_object_or_404(Regency.objects.in_portal(), slug=slug)
    if url := tidy_url(request):
        return redirect(url)
    context = _catalog_context(request, base=regency)

    def header_counts():
        return {
            "business_count": BusinessCount.objects.filter(regency=regency).aggregate(n=Sum("count"))["n"] or 0,
            "product_count": RegencyFacetCount.objects.filter(regency=regency).aggregate(n=Sum("count"))["n"] or 0,
        }

    context.update(regency=regency, **cached("region-header", context["facets"].generation, (regency.pk,), header_counts))
    featured = Product.objects.for_cards().filter(regency=regency, is_featured=True)
    if context.get("listing_category"):  # the pair's page features its category
        featured = featured.filter(category=context["listing_category"])
    context["featured"] = featured[:4]
    return render(request, "catalog/region_detail.html", context)


@require_safe
@public_page
def product_detail(request, slug):
    """/produk/<slug>/: one listed product with its seller; unlisted products answer 404."""
    product = get_object_or_404(
        Product.objects.listed().select_related("business__regency", "business__district", "category", "regency", "cover"),
        slug=slug,
    )
    business = product.business
    certifications = [c for c in business.certifications.all() if c.is_valid()]
    page_url = settings.SITE_URL + product.get_absolute_url()
    message = _("Halo %(business)s, saya tertarik dengan %(product)s di %(portal)s: %(url)s") % {
        "business": business.name, "product": product.name, "portal": settings.PORTAL_NAME, "url": page_url,
    }
    photos = list(product.photos.all())
    return render(request, "catalog/product_detail.html", {
        "product": product,
        "business": business,
        "registry_note": business.registry_note(),
        "photos": photos,
        "certifications": certifications,
        "whatsapp_url": whatsapp_link(business.whatsapp, message),
        "og_image": absolute_url(photos[0].image.url) if photos else None,
        "more_from_seller": Product.objects.for_cards().filter(business=business).exclude(pk=product.pk)[:4],
        "more_from_region": Product.objects.for_cards().filter(regency=product.regency).exclude(business=business)[:4],
        "jsonld": product_jsonld(product, photos, page_url),
    })


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /en/admin/",
        "Disallow: /*?*setelah=",
        "Disallow: /*?*sebelum=",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
