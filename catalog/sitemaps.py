"""The sitemap: /sitemap.xml indexes the sections, /sitemap-<section>.xml?p=<n> lists one page
of a section. Every page is listed in each language, with hreflang alternates to all of them
and x-default (the Indonesian, prefix-less address), and every address starts with SITE_URL,
like canonical links, og:image, JSON-LD and robots.txt (never the request's host).

The product and business sections hold millions of rows. Page n of such a section is the rows
whose id lies in ((n - 1) * ID_SPAN, n * ID_SPAN]: one range scan on the primary key, as cheap
for page 600 as for page 1 (an OFFSET would walk every row before it), never more than ID_SPAN
rows (ids freed by deleted or unlisted rows leave a page shorter). Their addresses are built by
string formatting from one reverse() per language, from only the columns they need.

Not django.contrib.sitemaps: with i18n it builds the (item, language) pairs of every row before
paginating (three million products in memory), paginates with OFFSET, takes the request's host,
and renders each entry through a template (about 1 s for 10,000)."""

import math
from xml.sax.saxutils import escape

from django.conf import settings
from django.db.models import Max, Sum
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from catalog.models import Category, Product, RegencyFacetCount
from directory.models import Business
from regions.models import Regency
from umkm_portal.caching import public_page
from umkm_portal.text import xml_safe

ID_SPAN = 5_000  # ids per page of a large section: at most 5,000 rows, 10,000 <url> entries
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def _languages():
    return [code for code, _ in settings.LANGUAGES]


def _xml(text):
    """`text` safe in XML text and in a double-quoted attribute."""
    return escape(xml_safe(text), {'"': "&quot;"})


def _in_every_language(name, *args, query=""):
    """{language: absolute URL, XML-escaped} of one page."""
    urls = {}
    for code in _languages():
        with translation.override(code):
            urls[code] = _xml(settings.SITE_URL + reverse(name, args=args) + query)
    return urls


class Section:
    changefreq = "daily"

    def page_count(self):
        return 1

    def entries(self, page):
        """(urls: {language: absolute URL, XML-escaped}, lastmod: "YYYY-MM-DD" or None) of one page."""
        raise NotImplementedError


class PagesSection(Section):
    """The portal's entry pages."""

    def entries(self, page):
        for name in ("catalog:home", "catalog:product-list", "catalog:business-list", "catalog:region-list",
                     "catalog:about", "catalog:safety-tips", "catalog:privacy", "catalog:terms"):
            yield _in_every_language(name), None


def _listed_pairs():
    """(regency code, category id) of every kabupaten/kota × category with listed products."""
    sums = RegencyFacetCount.objects.values_list("regency", "category").annotate(n=Sum("count"))
    return [(regency, category) for regency, category, n in sums if n > 0]


class CategorySection(Section):
    """/produk/?kategori=<slug>: each category with listed products (the canonical of that listing)."""

    def entries(self, page):
        used = {category for _, category in _listed_pairs()}
        for category in Category.objects.filter(id__in=used):
            yield _in_every_language("catalog:product-list", query=f"?kategori={category.slug}"), None


class RegionSection(Section):
    """/wilayah/<slug>/ and /wilayah/<slug>/?kategori=<slug> for each category it has products of."""

    def entries(self, page):
        pairs = _listed_pairs()
        categories = dict(Category.objects.values_list("id", "slug"))
        by_regency = {}
        for regency, category in pairs:
            by_regency.setdefault(regency, []).append(categories[category])
        for regency in Regency.objects.in_portal():
            yield _in_every_language("catalog:region", regency.slug), None
            for slug in sorted(by_regency.get(regency.code, [])):
                yield _in_every_language("catalog:region", regency.slug, query=f"?kategori={slug}"), None


class LargeSection(Section):
    """A section of one model's detail pages, paginated by id ranges (see the module docstring)."""

    changefreq = "weekly"
    url_name = None

    def queryset(self):
        raise NotImplementedError

    def page_count(self):
        # The newest id of the whole table, listed or not: a backward step on the primary key.
        # Asked of the listed rows only, PostgreSQL misjudges the join to the province and reads
        # all million businesses (200 ms); the price is a page left empty at worst.
        newest = self.queryset().model.objects.aggregate(newest=Max("id"))["newest"] or 0
        return max(1, math.ceil(newest / ID_SPAN))

    def entries(self, page):
        marker = "__slug__"
        prefixes = {}
        for code, url in _in_every_language(self.url_name, marker).items():
            head, _, tail = url.partition(marker)
            prefixes[code] = (head, tail)  # escaped with the whole URL
        # The portal's local day (TIME_ZONE) of the last change, computed by the database.
        rows = (
            self.queryset()
            .filter(id__gt=(page - 1) * ID_SPAN, id__lte=page * ID_SPAN)
            .annotate(day=TruncDate("updated_at"))
            .order_by("id")
            .values_list("slug", "day")
        )
        for slug, day in rows:
            # Slugs are [-a-zA-Z0-9_]: nothing in them to escape.
            yield {code: f"{head}{slug}{tail}" for code, (head, tail) in prefixes.items()}, day.isoformat()


class BusinessSection(LargeSection):
    url_name = "catalog:business-detail"

    def queryset(self):
        return Business.objects.listed()


class ProductSection(LargeSection):
    url_name = "catalog:product-detail"

    def queryset(self):
        return Product.objects.listed()


SECTIONS = {
    "halaman": PagesSection(),
    "kategori": CategorySection(),
    "wilayah": RegionSection(),
    "umkm": BusinessSection(),
    "produk": ProductSection(),
}


def _xml_response(body):
    response = HttpResponse(body, content_type="application/xml")
    # As Django's sitemap views do: the sitemap is for crawlers, not itself a result page.
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
@public_page
def sitemap_index(request):
    """/sitemap.xml: every page of every section (a count of rows per large section, no row read)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<sitemapindex {XMLNS}>"]
    for name, section in SECTIONS.items():
        location = _xml(settings.SITE_URL + reverse("sitemap-section", args=[name]))
        for page in range(1, section.page_count() + 1):
            suffix = f"?p={page}" if page > 1 else ""
            lines.append(f"<sitemap><loc>{location}{suffix}</loc></sitemap>")
    lines.append("</sitemapindex>")
    return _xml_response("\n".join(lines) + "\n")


# Not cached whole (public_page): a page of a large section is megabytes, and building it costs
# less than the cache would hold for hundreds of them.
@require_safe
def sitemap_section(request, section):
    """/sitemap-<section>.xml?p=<n>: each page of the section in every language, with alternates."""
    if section not in SECTIONS:
        raise Http404("No such sitemap section")
    try:
        page = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("No such sitemap page") from None
    sitemap = SECTIONS[section]
    if not 1 <= page <= sitemap.page_count():
        raise Http404("No such sitemap page")
    default = settings.LANGUAGE_CODE
    changefreq = f"<changefreq>{sitemap.changefreq}</changefreq>"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<urlset {XMLNS} {XHTML}>\n"]
    for urls, lastmod in sitemap.entries(page):
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>' for code, url in urls.items()
        ) + f'<xhtml:link rel="alternate" hreflang="x-default" href="{urls[default]}"/>'
        dated = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        for url in urls.values():
            parts.append(f"<url><loc>{url}</loc>{dated}{changefreq}{alternates}</url>\n")
    parts.append("</urlset>\n")
    return _xml_response("".join(parts))
