"""Sitemaps, robots.txt, schema.org JSON-LD, OpenGraph tags and the RSS feed: listed
products, businesses and regions only, and markup a product name cannot break."""

import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

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


def test_sitemap_index_lists_every_section(client, catalog):
    assert locations(client, "/sitemap.xml") == [
        "/sitemap-halaman.xml", "/sitemap-wilayah.xml", "/sitemap-umkm.xml", "/sitemap-produk.xml",
    ]


def test_sitemap_sections_list_public_pages_only(client, catalog):
    assert locations(client, "/sitemap-halaman.xml") == [
        "/", "/produk/", "/umkm/", "/tentang/", "/tips-aman/", "/kebijakan-privasi/", "/syarat-penggunaan/",
    ]
    assert sorted(locations(client, "/sitemap-wilayah.xml")) == sorted(
        f"/wilayah/{slug}/" for slug in Regency.objects.filter(province_id="16").values_list("slug", flat=True)
    )
    businesses = Business.objects.filter(status="active", regency__province_id="16")
    assert sorted(locations(client, "/sitemap-umkm.xml")) == sorted(f"/umkm/{b.slug}/" for b in businesses)
    assert sorted(locations(client, "/sitemap-produk.xml")) == sorted(f"/produk/{p.slug}/" for p in public_products())
    everything = "".join(get_html(client, url) for url in ("/sitemap-umkm.xml", "/sitemap-produk.xml"))
    for hidden in catalog.unlisted + catalog.unlisted_businesses:
        assert f"/{hidden.slug}/" not in everything


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
