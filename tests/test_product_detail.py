"""/produk/<slug>/: photos, prices in Rupiah, the seller, valid certifications only, the
WhatsApp link, marketplace links, more from the seller and from the same kabupaten/kota."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.listing import listing_sync
from directory.models import Certification
from directory.services import business_set_status
from tests.conftest import (
    get_html,
    jpeg_bytes,
    make_business,
    make_product,
    parse_tags,
    product_slugs,
    public_products,
)

pytestmark = pytest.mark.django_db


def product_named(name):
    return public_products().select_related("business", "regency").get(name=name)


def article(html):
    """The product itself: the <article>, without the cards of other products below it."""
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def section(html, heading_id):
    """The HTML of the <section> labelled by the heading with this id ("" when absent)."""
    start = html.find(f'id="{heading_id}"')
    return "" if start < 0 else html[start:html.find("</section>", start)]


def test_photos_in_order_with_their_size(client, commit, palembang):
    with commit():
        product = make_product(make_business(palembang), name="Songket Tiga Foto",
                               photos=[jpeg_bytes((800, 600), color=(200, 0, 0)), jpeg_bytes((600, 800), color=(0, 0, 200))])
    html = get_html(client, product.get_absolute_url())
    images = [attrs for tag, attrs, _ in parse_tags(html) if tag == "img" and "/media/" in attrs.get("src", "")]
    photos = list(product.photos.order_by("position"))
    assert [image["src"] for image in images] == [photo.image.url for photo in photos]
    assert [(image["width"], image["height"]) for image in images] == [("800", "600"), ("600", "800")]
    assert images[0]["alt"] == "Songket Tiga Foto"
    assert product.cover == photos[0]


def test_a_strip_of_several_photos_can_be_reached_and_scrolled_by_keyboard(client, commit, palembang):
    # axe scrollable-region-focusable: a region that scrolls must take the focus, and say what it is.
    with commit():
        business = make_business(palembang)
        several = make_product(business, name="Songket Dua Foto", photos=[jpeg_bytes((64, 64)), jpeg_bytes((64, 64))])
        one = make_product(business, name="Songket Satu Foto", photos=[jpeg_bytes((64, 64))])
    strip = [attrs for tag, attrs, _ in parse_tags(get_html(client, several.get_absolute_url())) if "product-media" in attrs.get("class", "")]
    assert strip == [{"class": "product-media", "tabindex": "0", "role": "region",
                      "aria-label": "Foto Songket Dua Foto (2 foto, geser untuk melihat)"}]
    strip = [attrs for tag, attrs, _ in parse_tags(get_html(client, one.get_absolute_url())) if "product-media" in attrs.get("class", "")]
    assert strip == [{"class": "product-media"}]  # nothing to scroll: no stop for the keyboard


def test_without_photo_shows_the_placeholder(client, catalog):
    product = product_named("Tekwan Kuah Udang")
    assert not product.photos.exists()
    html = get_html(client, product.get_absolute_url())
    assert "no-photo.svg" in article(html) and "/media/" not in article(html)


@pytest.mark.parametrize("name, shown", [
    ("Pempek Kapal Selam", "Rp 15.000"),
    ("Kopi Bubuk Semendo", "Rp 45.000 – Rp 90.000"),
    ("Songket Lepus Benang Emas", "Rp 3.500.000 – Rp 7.500.000"),
    ("Kain Jumputan Palembang", "Rp 250.000"),
])
def test_price_in_rupiah(client, catalog, name, shown):
    product = product_named(name)
    html = get_html(client, product.get_absolute_url())
    # Each amount on one line: a narrow screen breaks a range at the dash, never inside an amount.
    amounts = shown.split(" – ")
    assert " – ".join(f'<span class="nowrap">{amount}</span>' for amount in amounts) in article(html)
    if "–" not in shown:
        assert f"{shown}</span> –" not in article(html)
    assert f'<meta property="og:description" content="{shown} · ' in html  # plain text in the attribute


def test_same_minimum_and_maximum_is_one_price(client, commit, palembang):
    with commit():
        product = make_product(make_business(palembang), name="Kemplang Satu Harga", price_min=10000, price_max=10000)
    html = get_html(client, product.get_absolute_url())
    assert "Rp 10.000" in article(html) and "Rp 10.000 –" not in article(html)


def test_no_price_asks_the_seller(client, catalog):
    html = get_html(client, product_named("Kerupuk Kemplang Pedas").get_absolute_url())
    assert "Tanya harga ke penjual" in article(html) and "Rp " not in article(html)


def test_seller_card(client, catalog):
    product = product_named("Pempek Kapal Selam")
    seller = product.business
    html = get_html(client, product.get_absolute_url())
    card = section(html, "h-penjual")
    assert f'href="{seller.get_absolute_url()}"' in card and seller.name in card
    assert seller.district.name in card and seller.regency.name in card
    assert f'href="{seller.regency.get_absolute_url()}"' in card
    assert seller.get_scale_display() in card


def test_valid_certifications_are_shown_expired_ones_are_not(client, catalog):
    seller_b = catalog.sellers["b"]
    expired = Certification.objects.get(business=seller_b, kind="halal")
    valid = Certification.objects.get(business=seller_b, kind="bpom")
    assert expired.expires_on < datetime.date.today() <= valid.expires_on
    product = public_products().filter(business=seller_b).first()
    html = get_html(client, product.get_absolute_url())
    assert valid.number in html and "BPOM" in html
    assert expired.number not in html and "cert-halal" not in html
    assert "Halal" not in article(html)


def test_lifetime_and_future_certificates_are_shown(client, catalog):
    product = product_named("Pempek Kapal Selam")
    html = get_html(client, product.get_absolute_url())
    for certificate in Certification.objects.filter(business=product.business):
        assert certificate.number in html
    assert "P-IRT" in html and "Halal" in html


def test_halal_flag_follows_the_certificate(client, commit, palembang):
    with commit():
        seller = make_business(palembang, name="Dapur Halal Uji")
        product = make_product(seller, name="Pempek Adaan Uji")
    assert not product.has_halal
    assert product.slug not in product_slugs(get_html(client, "/produk/?sertifikasi=halal"))

    with commit():
        in_90_days = datetime.date.today() + datetime.timedelta(days=90)
        Certification.objects.create(business=seller, kind="halal", number="ID1671", expires_on=in_90_days)
        listing_sync([seller.pk])
    product.refresh_from_db()
    assert product.has_halal
    assert product.slug in product_slugs(get_html(client, "/produk/?sertifikasi=halal"))
    assert "ID1671" in get_html(client, product.get_absolute_url())

    with commit():
        Certification.objects.filter(business=seller).update(expires_on=datetime.date.today() - datetime.timedelta(days=1))
        listing_sync([seller.pk])
    product.refresh_from_db()
    assert not product.has_halal
    assert product.slug not in product_slugs(get_html(client, "/produk/?sertifikasi=halal"))
    assert "ID1671" not in get_html(client, product.get_absolute_url())

    with commit():
        Certification.objects.filter(business=seller).update(expires_on=None)  # valid for life
        listing_sync([seller.pk])
    product.refresh_from_db()
    assert product.has_halal


def test_whatsapp_link_with_the_product_in_the_message(client, catalog, settings):
    product = product_named("Pempek Kapal Selam")
    assert product.business.whatsapp == "+6281234567890"
    html = get_html(client, product.get_absolute_url())
    links = [attrs["href"] for tag, attrs, _ in parse_tags(html) if tag == "a" and attrs.get("href", "").startswith("https://wa.me/")]
    assert len(links) == 1
    url = urlsplit(links[0])
    assert url.path == "/6281234567890"
    message = parse_qs(url.query)["text"][0]
    assert "Pempek Kapal Selam" in message and product.business.name in message
    assert settings.SITE_URL + product.get_absolute_url() in message


def test_no_whatsapp_no_link(client, catalog):
    html = get_html(client, product_named("Tas Rotan Anyam").get_absolute_url())
    assert "wa.me" not in html


def test_marketplace_links(client, catalog):
    product = product_named("Pempek Kapal Selam")
    html = get_html(client, product.get_absolute_url())
    for _label, url in product.business.marketplace_links():
        assert f'href="{url}"' in html
    assert "Tokopedia" in html and "Shopee" in html
    assert "Beli juga di" not in get_html(client, product_named("Tas Rotan Anyam").get_absolute_url())


def test_more_from_the_seller_and_from_the_same_kabupaten(client, catalog):
    product = product_named("Tekwan Kuah Udang")
    html = get_html(client, product.get_absolute_url())
    from_seller = product_slugs(section(html, "h-seller-more"))
    from_region = product_slugs(section(html, "h-region-more"))
    assert from_seller == list(public_products().filter(business=product.business).exclude(pk=product.pk)
                               .order_by("-id").values_list("slug", flat=True)[:4])
    assert from_region == list(public_products().filter(business__regency=product.business.regency)
                               .exclude(business=product.business).order_by("-id").values_list("slug", flat=True)[:4])
    assert len(from_seller) == 4 and len(from_region) == 4
    assert product.slug not in from_seller + from_region
    assert not {p.slug for p in catalog.unlisted} & set(from_seller + from_region)


def test_alone_in_its_kabupaten_no_more_sections(client, catalog):
    product = product_named("Ukiran Kayu Tembesu")  # Prabumulih: one seller only
    html = get_html(client, product.get_absolute_url())
    assert section(html, "h-region-more") == ""
    assert len(product_slugs(section(html, "h-seller-more"))) == 4


def test_unlisted_products_answer_404(client, catalog):
    for product in catalog.unlisted:
        response = client.get(f"/produk/{product.slug}/")
        assert response.status_code == 404, product.name
        assert product.name not in response.content.decode()
    assert client.get("/produk/tidak-ada-produk-ini/").status_code == 404


def test_product_of_a_business_deactivated_later_answers_404(client, commit, palembang):
    with commit():
        seller = make_business(palembang)
        product = make_product(seller, name="Pempek Lama")
    assert client.get(product.get_absolute_url()).status_code == 200
    with commit():
        business_set_status(business=seller, status="inactive")
    assert client.get(product.get_absolute_url()).status_code == 404
    assert product.slug not in product_slugs(get_html(client, "/produk/"))


def test_product_detail_query_count(client, catalog, django_assert_num_queries):
    product = product_named("Pempek Kapal Selam")
    with django_assert_num_queries(5):
        # 1 the product with business (regency, district), category, regency and cover
        # 2 the business's certifications; 3 the product's photos
        # 4 more from the seller, 5 more from the same kabupaten/kota (cards: joins, no per-card query)
        response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert len(product_slugs(section(html, "h-seller-more"))) == 4
    assert len(product_slugs(section(html, "h-region-more"))) == 4
    assert "-thumb.webp" in section(html, "h-seller-more") and "-thumb.webp" in section(html, "h-region-more")


def test_unavailable_product_says_so(client, catalog):
    assert "Stok sedang habis" in get_html(client, product_named("Pindang Patin").get_absolute_url())
    assert "Stok sedang habis" not in get_html(client, product_named("Tekwan Kuah Udang").get_absolute_url())


def test_english_detail_page(client, catalog):
    product = product_named("Pempek Kapal Selam")
    response = client.get(f"/en{product.get_absolute_url()}")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode() and "Pempek Kapal Selam" in response.content.decode()
