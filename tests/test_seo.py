"""Sitemaps, robots.txt, schema.org JSON-LD, OpenGraph tags and the RSS feed: listed
products, businesses and regions only, and markup a product name cannot break."""

import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import cache

from catalog.models import Product
from directory.models import Business
from regions.models import Regency
from tests.conftest import (
    get_html,
    make_business,
    make_product,
    parse_tags,
    public_products,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [urlsplit(element.text).path for element in root.iter(f"{SITEMAP}loc")]


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def meta(html, prop):
    for tag, attrs, _ in parse_tags(html):
        if tag == "meta" and attrs.get("property") == prop:
            return attrs.get("content")
    return None


XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_urls(client, url):
    """{loc: {hreflang: href}} of one sitemap page."""
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        entry.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
        for entry in root.iter(f"{SITEMAP}url")
    }


def test_sitemap_index_lists_every_section(client, catalog):
    assert locations(client, "/sitemap.xml") == [
        "/sitemap-halaman.xml", "/sitemap-kategori.xml", "/sitemap-wilayah.xml", "/sitemap-umkm.xml", "/sitemap-produk.xml",
    ]


def test_sitemap_sections_list_public_pages_only_in_both_languages(client, catalog):
    def both(paths):
        return sorted(paths + ["/en" + path for path in paths])

    assert locations(client, "/sitemap-halaman.xml") == ["/", "/en/", "/produk/", "/en/produk/", "/umkm/", "/en/umkm/",
                                                          "/wilayah/", "/en/wilayah/",
                                                          "/tentang/", "/en/tentang/", "/tips-aman/", "/en/tips-aman/",
                                                          "/kebijakan-privasi/", "/en/kebijakan-privasi/",
                                                          "/syarat-penggunaan/", "/en/syarat-penggunaan/"]
    businesses = Business.objects.filter(status="active", regency__province_id="16")
    assert sorted(locations(client, "/sitemap-umkm.xml")) == both([f"/umkm/{b.slug}/" for b in businesses])
    assert sorted(locations(client, "/sitemap-produk.xml")) == both([f"/produk/{p.slug}/" for p in public_products()])
    everything = "".join(get_html(client, url) for url in ("/sitemap-umkm.xml", "/sitemap-produk.xml"))
    for hidden in catalog.unlisted + catalog.unlisted_businesses:
        assert f"/{hidden.slug}/" not in everything


def test_sitemap_lists_the_named_listings(client, catalog):
    """Every kabupaten/kota, every category with listed products, and every kabupaten/kota ×
    category pair that has some, at their canonical addresses."""
    regions = [f"/wilayah/{slug}/" for slug in Regency.objects.filter(province_id="16").values_list("slug", flat=True)]
    pairs = sorted({(p.regency.slug, p.category.slug) for p in public_products().select_related("regency", "category")})
    expected = regions + [f"/wilayah/{region}/?kategori={category}" for region, category in pairs]
    urls = [urlsplit(url) for url in sitemap_urls(client, "/sitemap-wilayah.xml")]
    assert sorted(f"{u.path}?{u.query}" if u.query else u.path for u in urls) == sorted(
        expected + ["/en" + url for url in expected]
    )
    assert ("kota-palembang", "kuliner") in pairs and ("kota-prabumulih", "kuliner") not in pairs
    categories = sorted({p.category.slug for p in public_products().select_related("category")})
    urls = [urlsplit(url) for url in sitemap_urls(client, "/sitemap-kategori.xml")]
    assert sorted(f"{u.path}?{u.query}" for u in urls) == sorted(
        [f"/produk/?kategori={c}" for c in categories] + [f"/en/produk/?kategori={c}" for c in categories]
    )


def test_sitemap_urls_carry_hreflang_alternates_and_site_url(client, catalog, settings):
    settings.SITE_URL = "https://umkm.example.go.id"
    product = public_products().get(name="Pempek Kapal Selam")
    indonesian, english = (f"https://umkm.example.go.id{prefix}/produk/{product.slug}/" for prefix in ("", "/en"))
    alternates = {"id": indonesian, "en": english, "x-default": indonesian}
    urls = sitemap_urls(client, "/sitemap-produk.xml")
    assert urls[indonesian] == alternates and urls[english] == alternates
    for section in ("halaman", "kategori", "wilayah", "umkm", "produk"):
        for loc, links in sitemap_urls(client, f"/sitemap-{section}.xml").items():
            assert loc.startswith("https://umkm.example.go.id/"), loc
            assert set(links) == {"id", "en", "x-default"} and loc in links.values(), loc
    index = get_html(client, "/sitemap.xml")  # the request's host (testserver) appears nowhere
    assert "testserver" not in index and "https://umkm.example.go.id/sitemap-produk.xml" in index
    assert "testserver" not in get_html(client, "/sitemap-wilayah.xml")
    category = sitemap_urls(client, "/sitemap-kategori.xml")["https://umkm.example.go.id/produk/?kategori=kuliner"]
    assert category["en"] == "https://umkm.example.go.id/en/produk/?kategori=kuliner"


def test_sitemap_pages_are_id_ranges(client, catalog, settings, monkeypatch):
    """A page of a large section is an id range: page 2 starts after the ids of page 1, pages
    past the newest id answer 404, and the index lists each page."""
    from catalog import sitemaps

    ids = sorted(public_products().values_list("id", flat=True))
    span = (ids[-1] - ids[0]) // 2 + 1
    monkeypatch.setattr(sitemaps, "ID_SPAN", span)
    newest = Product.objects.order_by("-id").values_list("id", flat=True).first()  # listed or not
    pages = -(-newest // span)
    assert pages >= 2
    index = get_html(client, "/sitemap.xml")
    assert f"/sitemap-produk.xml?p={pages}</loc>" in index and f"/sitemap-produk.xml?p={pages + 1}<" not in index
    seen = []
    for page in range(1, pages + 1):
        url = "/sitemap-produk.xml" + (f"?p={page}" if page > 1 else "")
        seen += [path for path in locations(client, url) if not path.startswith("/en/")]
    assert seen == [f"/produk/{slug}/" for slug in public_products().order_by("id").values_list("slug", flat=True)]
    for bad in (f"?p={pages + 1}", "?p=0", "?p=x"):
        assert client.get("/sitemap-produk.xml" + bad).status_code == 404, bad


def test_unknown_sitemap_section_answers_404(client, catalog):
    assert client.get("/sitemap-rahasia.xml").status_code == 404


def test_robots_txt(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /en/admin/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_product_jsonld(client, catalog, settings):
    product = public_products().select_related("business", "category").get(name="Pempek Kapal Selam")
    data = jsonld(get_html(client, product.get_absolute_url()))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
    assert data["name"] == product.name and data["description"] == product.description
    assert data["url"] == settings.SITE_URL + product.get_absolute_url()
    assert data["offers"]["@type"] == "Offer"
    assert data["offers"]["priceCurrency"] == "IDR" and data["offers"]["price"] == product.price_min == 15000
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["seller"]["name"] == product.business.name
    photo = product.photos.get()
    assert data["image"] == [settings.SITE_URL + photo.image.url]


def test_product_jsonld_price_range_and_no_price(client, catalog):
    ranged = public_products().get(name="Kopi Bubuk Semendo")
    offers = jsonld(get_html(client, ranged.get_absolute_url()))["offers"]
    assert offers["@type"] == "AggregateOffer" and offers["priceCurrency"] == "IDR"
    assert (offers["lowPrice"], offers["highPrice"]) == (ranged.price_min, ranged.price_max) == (45000, 90000)
    unpriced = public_products().get(name="Pindang Patin")
    assert "offers" not in jsonld(get_html(client, unpriced.get_absolute_url()))


def test_business_jsonld(client, catalog):
    seller = Business.objects.select_related("regency__province").get(pk=catalog.sellers["a"].pk)
    data = jsonld(get_html(client, seller.get_absolute_url()))
    assert data["@type"] == "LocalBusiness" and data["name"] == seller.name
    assert data["address"]["addressLocality"] == "Kota Palembang"
    assert data["address"]["addressRegion"] == "Sumatera Selatan" and data["address"]["addressCountry"] == "ID"
    assert data["telephone"] == "+6281234567890"
    assert data["sameAs"] == [url for _, url in seller.marketplace_links()]


def test_opengraph(client, catalog, settings):
    product = public_products().get(name="Pempek Kapal Selam")
    html = get_html(client, product.get_absolute_url())
    assert meta(html, "og:title") == product.name and meta(html, "og:type") == "product"
    assert meta(html, "og:image") == settings.SITE_URL + product.photos.get().image.url
    assert meta(html, "og:url") == settings.SITE_URL + product.get_absolute_url()
    business_html = get_html(client, catalog.sellers["a"].get_absolute_url())
    assert meta(business_html, "og:title") == catalog.sellers["a"].name and meta(business_html, "og:type") == "profile"
    for url in ("/", "/produk/", "/umkm/", "/wilayah/kota-palembang/"):
        html = get_html(client, url)
        assert meta(html, "og:title") and meta(html, "og:type") == "website", url


def test_product_name_cannot_break_out_of_the_markup(client, commit, palembang):
    name = 'Kue "Lapis" </script><script>alert(1)</script> & <b>Legit</b>'
    with commit():
        seller = make_business(palembang, name="Toko </script><script>alert(2)</script>")
        product = make_product(seller, name=name, description="</script><!-- <script>")
    html = get_html(client, product.get_absolute_url())
    assert "<script>alert(" not in html
    data = jsonld(html)  # the JSON-LD block ends where it should, and its JSON reads back the same text
    assert data["name"] == name and data["brand"]["name"] == seller.name and data["description"] == "</script><!-- <script>"
    assert meta(html, "og:title") == name
    business_data = jsonld(get_html(client, seller.get_absolute_url()))
    assert business_data["name"] == seller.name
    assert "<script>alert(" not in get_html(client, "/produk/") + get_html(client, "/produk/feed/")


def test_feed_lists_newest_public_products(client, catalog, settings):
    response = client.get("/produk/feed/")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    channel = ElementTree.fromstring(response.content).find("channel")
    items = channel.findall("item")
    expected = list(public_products().select_related("business", "regency").order_by("-id")[:50])
    assert [urlsplit(item.findtext("link")).path for item in items] == [p.get_absolute_url() for p in expected]
    assert [item.findtext("title") for item in items] == [p.name for p in expected]
    first = dict(zip([p.name for p in expected], items))["Kopi Bubuk Semendo"].findtext("description")
    assert "Rp 45.000 – Rp 90.000" in first and "Pempek Cek Uji" in first and "Kota Palembang" in first
    for hidden in catalog.unlisted:
        assert hidden.name not in response.content.decode()


def test_feed_is_capped_at_fifty(client, catalog, commit):
    with commit():
        for number in range(25):
            make_product(catalog.sellers["d"], name=f"Anyaman Seri {number}")
    items = ElementTree.fromstring(client.get("/produk/feed/").content).find("channel").findall("item")
    assert len(items) == 50 < public_products().count()
    assert items[0].findtext("title") == "Anyaman Seri 24"


# ---------------------------------------------------------------------------- named listings


def head_of(html):
    """(title, h1, meta description, canonical, {hreflang: href}) of a page."""
    tags = parse_tags(html)
    title = next(text for tag, _, text in tags if tag == "title").strip()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL).group(1).strip()
    description = next(a["content"] for tag, a, _ in tags if tag == "meta" and a.get("name") == "description")
    canonicals = [a["href"] for tag, a, _ in tags if tag == "link" and a.get("rel") == "canonical"]
    assert len(canonicals) == 1
    alternates = {a["hreflang"]: a["href"] for tag, a, _ in tags if tag == "link" and a.get("rel") == "alternate"
                  and a.get("hreflang")}
    return title, h1, description, canonicals[0], alternates


SITE = "http://127.0.0.1:8000"
PAIR = "/wilayah/kota-palembang/?kategori=kuliner"


@pytest.mark.parametrize("url, canonical", [
    ("/wilayah/kota-palembang/", "/wilayah/kota-palembang/"),
    ("/produk/?wilayah=kota-palembang", "/wilayah/kota-palembang/"),
    ("/produk/?kategori=kuliner", "/produk/?kategori=kuliner"),
    (PAIR, PAIR),
    ("/produk/?wilayah=kota-palembang&kategori=kuliner", PAIR),
    # Sorting, an unknown parameter or a dropped filter value leave the listing what it is
    # (empty parameters redirect to the clean URL first).
    ("/produk/?kategori=kuliner&urut=harga&x=1", "/produk/?kategori=kuliner"),
    ("/produk/?kategori=kuliner&wilayah=kota-nowhere", "/produk/?kategori=kuliner"),
    ("/en/produk/?kategori=kuliner", "/en/produk/?kategori=kuliner"),
    ("/en" + PAIR, "/en" + PAIR),
    # Any other combination: the plain catalog, or the kabupaten/kota page it is on.
    ("/produk/", "/produk/"),
    ("/produk/?q=pempek", "/produk/"),
    ("/produk/?kategori=kuliner&sertifikasi=halal", "/produk/"),
    ("/produk/?wilayah=kota-palembang&harga_min=10000", "/produk/"),
    ("/produk/?wilayah=kota-palembang&skala=mikro&kategori=kuliner", "/produk/"),
    ("/en/produk/?q=pempek", "/en/produk/"),
    ("/wilayah/kota-palembang/?sertifikasi=halal", "/wilayah/kota-palembang/"),
    ("/wilayah/kota-palembang/?kategori=kuliner&q=kapal", "/wilayah/kota-palembang/"),
])
def test_canonical_of_listings_and_filter_combinations(client, catalog, url, canonical):
    html = get_html(client, url)
    _, _, _, found, alternates = head_of(html)
    assert found == SITE + canonical and meta(html, "og:url") == found
    indonesian = canonical.removeprefix("/en")
    assert alternates == {"id": SITE + indonesian, "en": SITE + "/en" + indonesian, "x-default": SITE + indonesian}


def test_each_listing_has_its_own_title_h1_and_description(client, catalog):
    palembang_food = public_products().filter(regency__slug="kota-palembang", category__slug="kuliner").count()
    food = public_products().filter(category__slug="kuliner").count()
    palembang = public_products().filter(regency__slug="kota-palembang").count()
    assert 0 < palembang_food < food and palembang_food < palembang
    pages = {url: head_of(get_html(client, url)) for url in (
        "/produk/", "/produk/?wilayah=kota-palembang", "/wilayah/kota-palembang/", "/produk/?kategori=kuliner",
        PAIR, "/produk/?wilayah=kota-palembang&kategori=kuliner", "/en/produk/?kategori=kuliner",
    )}
    title, h1, description, _, _ = pages["/produk/?wilayah=kota-palembang"]
    assert title.startswith("Produk UMKM Kota Palembang ·") and h1 == "Produk UMKM Kota Palembang"
    assert description.startswith(f"{palembang} produk dari UMKM di Kota Palembang")
    title, h1, description, _, _ = pages["/wilayah/kota-palembang/"]
    assert title.startswith("Produk UMKM Kota Palembang ·") and h1 == "Kota Palembang"
    title, h1, description, _, _ = pages["/produk/?kategori=kuliner"]
    assert title.startswith("Kuliner siap saji dari UMKM Sumatera Selatan ·")
    assert h1 == "Kuliner siap saji dari UMKM Sumatera Selatan"
    assert description.startswith(f"{food} produk Kuliner siap saji dari UMKM di Sumatera Selatan.")
    for url in (PAIR, "/produk/?wilayah=kota-palembang&kategori=kuliner"):
        title, h1, description, _, _ = pages[url]
        assert title.startswith("Kuliner siap saji dari UMKM Kota Palembang ·"), url
        assert h1 == "Kuliner siap saji dari UMKM Kota Palembang", url
        assert description.startswith(f"{palembang_food} produk Kuliner siap saji dari UMKM di Kota Palembang."), url
    title, h1, description, _, _ = pages["/en/produk/?kategori=kuliner"]
    # The category's English name (the sentence around it is English once the catalog is compiled).
    assert h1.startswith("Ready-to-eat food ") and h1.endswith(" Sumatera Selatan") and title.startswith(h1)
    assert description.startswith(str(food)) and "Ready-to-eat food" in description
    title, h1, _, _, _ = pages["/produk/"]
    assert title.startswith("Produk UMKM ·") and h1 == "Produk UMKM"
    # Every listing is told apart from the others by its title, H1 and description.
    named = [pages[url] for url in ("/produk/", "/produk/?wilayah=kota-palembang", "/produk/?kategori=kuliner", PAIR)]
    for part in range(3):
        assert len({page[part] for page in named}) == 4


def test_pair_page_breadcrumbs_lead_back_to_the_region(client, catalog):
    html = get_html(client, PAIR)
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', html, re.DOTALL).group(0)
    assert 'href="/wilayah/"' in crumbs and 'href="/wilayah/kota-palembang/"' in crumbs and "Kuliner siap saji" in crumbs


def test_a_later_page_of_a_listing_is_canonical_to_its_first_page(client, catalog):
    from umkm_portal.keyset import encode_cursor

    newest = public_products().filter(category__slug="kuliner").order_by("-id").values_list("id", flat=True).first()
    url = f"/produk/?kategori=kuliner&setelah={encode_cursor([newest])}"
    html = get_html(client, url)
    assert head_of(html)[3] == SITE + "/produk/?kategori=kuliner"
    # Crawlers are kept off the cursor pages; the products are in the sitemap instead.
    robots = get_html(client, "/robots.txt").splitlines()
    assert "Disallow: /*?*setelah=" in robots and "Disallow: /*?*sebelum=" in robots


def test_other_pages_are_canonical_to_their_own_path(client, catalog):
    product = public_products().get(name="Pempek Kapal Selam")
    for url, canonical in ((product.get_absolute_url() + "?utm_source=wa", product.get_absolute_url()),
                           ("/umkm/?wilayah=kota-palembang", "/umkm/"), ("/en/wilayah/", "/en/wilayah/"), ("/", "/")):
        _, _, _, found, alternates = head_of(get_html(client, url))
        assert found == SITE + canonical, url
        assert set(alternates) == {"id", "en", "x-default"} and found in alternates.values(), url


# ---------------------------------------------------------------------------- /wilayah/


def test_region_index_lists_every_kabupaten_kota_with_counts(client, catalog, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(5):  # the counts' generation; regions, product counts, business counts, the province
        html = get_html(client, "/wilayah/")
    with django_assert_num_queries(1):  # again: the generation; the rest from the cache (catalog.facets)
        assert get_html(client, "/wilayah/") == html
    regions = list(Regency.objects.filter(province_id="16"))
    assert len(regions) == 17
    for regency in regions:
        assert f'href="/wilayah/{regency.slug}/"' in html and regency.name in html and regency.code in html
    palembang = public_products().filter(regency__slug="kota-palembang").count()
    entry = re.search(r'href="/wilayah/kota-palembang/">(.*?)</a>', html, re.DOTALL).group(1)
    assert f"2 UMKM · {palembang} produk" in entry and "Kode Kemendagri 16.71" in entry
    assert "Kabupaten/kota di Sumatera Selatan" in head_of(html)[1]
    assert "/wilayah/kabupaten-bandung/" not in html and "Bandung" not in html
    english = get_html(client, "/en/wilayah/")
    assert 'href="/en/wilayah/kota-palembang/"' in english


def test_nav_and_breadcrumbs_point_to_the_region_index(client, catalog):
    for url in ("/", "/produk/", "/wilayah/kota-palembang/"):
        nav = re.search(r'<nav class="main-nav".*?</nav>', get_html(client, url), re.DOTALL).group(0)
        assert 'href="/wilayah/"' in nav and "#wilayah" not in nav, url
    crumbs = re.search(r'<nav class="crumbs".*?</nav>', get_html(client, "/wilayah/kota-palembang/"), re.DOTALL).group(0)
    assert 'href="/wilayah/"' in crumbs


# ---------------------------------------------------------------------------- JSON-LD images, geo, feed photos


def test_every_product_with_a_photo_has_its_images_in_jsonld_and_none_without(client, catalog, settings):
    settings.SITE_URL = "https://umkm.example.go.id"
    with_photo = without_photo = 0
    for product in public_products().prefetch_related("photos"):
        html = get_html(client, product.get_absolute_url())
        data = jsonld(html)
        photos = list(product.photos.all())
        if photos:
            with_photo += 1
            assert data["image"] == [f"https://umkm.example.go.id{photo.image.url}" for photo in photos], product.name
            assert meta(html, "og:image") == data["image"][0]
        else:  # the placeholder policy: no image rather than a picture of something else
            without_photo += 1
            assert "image" not in data and meta(html, "og:image") is None, product.name
        seller = data.get("offers", {}).get("seller")
        if seller:
            assert seller["address"] == {"@type": "PostalAddress", "addressLocality": product.regency.name,
                                         "addressRegion": "Sumatera Selatan", "addressCountry": "ID"}
    assert with_photo and without_photo


def test_business_geo_only_where_the_owner_published_a_location(client, commit, palembang):
    from decimal import Decimal

    with commit():
        hidden = make_business(palembang, private={"latitude": Decimal("-2.976100"), "longitude": Decimal("104.775400")})
        published = make_business(palembang, location_public=True,
                                  private={"latitude": Decimal("-2.991000"), "longitude": Decimal("104.756000")})
        nothing_to_publish = make_business(palembang, location_public=True)
    assert "geo" not in jsonld(get_html(client, hidden.get_absolute_url()))
    assert "geo" not in jsonld(get_html(client, nothing_to_publish.get_absolute_url()))
    assert jsonld(get_html(client, published.get_absolute_url()))["geo"] == {
        "@type": "GeoCoordinates", "latitude": -2.991, "longitude": 104.756,
    }


def test_feed_items_carry_their_photo_and_site_url_addresses(client, catalog, settings):
    settings.SITE_URL = "https://umkm.example.go.id"
    media = "{http://search.yahoo.com/mrss/}"
    response = client.get("/produk/feed/")
    assert b"testserver" not in response.content
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "https://umkm.example.go.id/produk/"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == "https://umkm.example.go.id/produk/feed/"
    products = {p.get_absolute_url(): p for p in public_products().select_related("cover")}
    seen = 0
    for item in channel.findall("item"):
        link = item.findtext("link")
        assert link.startswith("https://umkm.example.go.id/produk/") and item.findtext("guid") == link
        product = products[urlsplit(link).path]
        thumbnail, content = item.find(f"{media}thumbnail"), item.find(f"{media}content")
        if product.cover is None:
            assert thumbnail is None and content is None, product.name
            continue
        seen += 1
        assert thumbnail.get("url") == "https://umkm.example.go.id" + product.cover.thumb.url
        assert content.get("url") == "https://umkm.example.go.id" + product.cover.image.url
        assert (content.get("medium"), content.get("width"), content.get("height")) == (
            "image", str(product.cover.width), str(product.cover.height))
    assert seen
    english = ElementTree.fromstring(client.get("/en/produk/feed/").content).find("channel")
    assert english.findtext("link") == "https://umkm.example.go.id/en/produk/"
    assert english.find("item").findtext("link").startswith("https://umkm.example.go.id/en/produk/")


def test_feed_queries_do_not_grow_with_items(client, catalog, django_assert_num_queries):
    with django_assert_num_queries(1):  # the 50 newest products with business, regency and cover
        assert client.get("/produk/feed/").status_code == 200


def test_region_page_links_to_its_category_listings(client, catalog):
    counts = {}
    for product in public_products().filter(regency__slug="kota-palembang").select_related("category"):
        counts[product.category.slug] = counts.get(product.category.slug, 0) + 1
    for url in ("/wilayah/kota-palembang/", PAIR):
        html = get_html(client, url)
        chips = re.search(r'<ul class="chips">(.*?)</ul>', html, re.DOTALL).group(1)
        links = dict(re.findall(r'href="/wilayah/kota-palembang/\?kategori=([-\w]+)"[^>]*>[^<]*<span class="count">(\d+)<', chips))
        assert links == {slug: str(n) for slug, n in counts.items()}, url
    assert 'kategori=kuliner" aria-current="page"' in get_html(client, PAIR)
    # A filter combination is no listing: no links that would drop its filters.
    assert '<ul class="chips">' not in get_html(client, "/wilayah/kota-palembang/?sertifikasi=halal")


def test_pair_page_features_products_of_its_category(client, catalog):
    def featured(url):
        html = get_html(client, url)
        section = re.search(r'<h2 id="h-unggulan">.*?</section>', html, re.DOTALL)
        return section.group(0) if section else ""

    assert "Pempek Kapal Selam" in featured(PAIR) and "Kopi Bubuk Semendo" not in featured(PAIR)
    assert "Kopi Bubuk Semendo" in featured("/wilayah/kota-palembang/")
