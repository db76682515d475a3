"""The demo app's seed_demo: the small demo through the real services (photos included), and
the provincial-scale path that writes straight into the tables (COPY on PostgreSQL). Both must
leave what the services would: every product carrying its business's facts, and counts that
match the rows."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from PIL import ImageChops, ImageStat

from catalog.listing import copied_columns, facts_of
from catalog.models import BusinessCount, Product, ProductPhoto, RegencyFacetCount
from demo import images
from demo.generator import MULTI_ORDER_UP_TO, PRICE_RANGES, TRADE_KINDS, DemoGenerator, price_step, product_counts
from demo.reference import DemoReference
from demo.seed import demo_businesses
from demo.words import DISTRICT_CENTRES, LOCATION_SPREAD, TRADES
from directory.models import Business, BusinessPrivate
from tests.conftest import public_products


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def assert_listing_is_true():
    """Each product's copied columns are what copied_columns gives for its business now, and the
    count tables add up to the listed rows."""
    products = list(Product.objects.select_related("business").prefetch_related("business__certifications"))
    assert products
    for product in products:
        expected = copied_columns(facts_of(product.business), hidden=product.is_hidden)
        assert {name: getattr(product, name) for name in expected} == expected, product.name
    assert set(Product.objects.filter(is_listed=True).values_list("pk", flat=True)) == set(
        public_products().values_list("pk", flat=True)
    )
    assert RegencyFacetCount.objects.aggregate(n=Sum("count"))["n"] == Product.objects.listed().count()
    assert BusinessCount.objects.aggregate(n=Sum("count"))["n"] == Business.objects.listed().count()


def assert_dates_are_meaningful():
    """Some businesses verified by staff, some known only by their registry's year; owner
    registrations (unverified) neither; a verification never before the data's year."""
    businesses = demo_businesses()
    assert businesses.filter(verified_on__isnull=False).exists()
    assert businesses.filter(verified_on__isnull=True, recorded_on__isnull=False, status="active").exists()
    assert not businesses.filter(status="unverified", recorded_on__isnull=False).exists()
    assert not businesses.filter(status="unverified", verified_on__isnull=False).exists()
    for verified_on, recorded_on in businesses.filter(verified_on__isnull=False).values_list("verified_on", "recorded_on"):
        assert recorded_on <= verified_on


def assert_products_are_plausible():
    """No business lists one name twice nor features two products; every price is within its
    kind's range, rounded as sellers do."""
    assert not Product.objects.values("business", "name").annotate(n=Count("id")).filter(n__gt=1).exists()
    # One featured product a seller at most: the home page's featured row shows several sellers.
    assert not Product.objects.filter(is_featured=True).values("business").annotate(n=Count("id")).filter(n__gt=1).exists()
    for name, unit, low, high in Product.objects.values_list("name", "unit", "price_min", "price_max"):
        assert_price_is_plausible(name, unit, low, high)
    assert not Product.objects.filter(min_order__gt=1, price_min__gt=MULTI_ORDER_UP_TO).exists()


def assert_price_is_plausible(name, unit, low, high):
    kind_low, kind_high, kind_unit = PRICE_RANGES[name.split(" Model ")[0]]
    assert unit == kind_unit, name
    assert kind_low <= low <= kind_high and low % price_step(low) == 0, (name, low)
    assert high is None or (low < high <= kind_high and high % price_step(high) == 0), (name, low, high)


def test_small_demo_goes_through_the_services(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert "Created 6 businesses, 14 products" in seed("--businesses", "6", "--products", "14")
    assert demo_businesses().count() == 6 and Product.objects.count() == 14
    assert ProductPhoto.objects.exists() and all(photo.thumb for photo in ProductPhoto.objects.all())
    assert BusinessPrivate.objects.exists()
    assert_listing_is_true()
    assert {(status, date is None) for status, date in demo_businesses().values_list("status", "recorded_on")} <= {
        ("active", False), ("inactive", False), ("unverified", True),
    }
    assert "Demo data already present" in seed("--businesses", "6", "--products", "14")
    assert Product.objects.count() == 14


def test_demo_featured_products_have_photos_and_some_businesses_a_public_location(db, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed("--businesses", "40", "--products", "160")
    featured = Product.objects.filter(is_featured=True)
    assert featured.count() >= 3
    assert not featured.filter(photos__isnull=True).exists()
    with_photo = Product.objects.filter(photos__isnull=False).distinct().count()
    assert 0.8 * 160 <= with_photo < 160  # most, not all: some sellers have no photo
    assert_products_are_plausible()
    published = demo_businesses().filter(location_public=True)
    assert 3 <= published.count() <= 16  # about one in five
    for business in published:
        latitude, longitude = business.public_location()
        centre = DISTRICT_CENTRES[business.district_id]
        assert abs(latitude - Decimal(centre[0])) <= Decimal(LOCATION_SPREAD) + Decimal("0.000001")
        assert abs(longitude - Decimal(centre[1])) <= Decimal(LOCATION_SPREAD) + Decimal("0.000001")
    business = published.filter(status="active").first()
    body = client.get(business.get_absolute_url()).content.decode()
    jsonld = json.loads(body.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert jsonld["geo"]["latitude"] == float(business.public_location()[0])
    private = demo_businesses().filter(location_public=False, status="active").first()
    body = client.get(private.get_absolute_url()).content.decode()
    assert '"geo"' not in body


@pytest.fixture(scope="module")
def generator():
    return DemoGenerator(DemoReference.from_fixtures(), seed=7)


@pytest.mark.parametrize("businesses, products", [(120, 500), (3000, 9000)])  # `make run`, and the bulk path's 3 per business
def test_no_seller_lists_a_name_twice_and_prices_fit_the_unit(generator, businesses, products):
    counts = product_counts(businesses, products, generator.rng)
    for count in counts:
        business = generator.business()
        names = [generator.product(business) for _ in range(count)]
        assert len({fields["name"] for fields in names}) == count, business["trade"].key
        for fields in names:
            assert_price_is_plausible(fields["name"], fields["unit"], fields["price_min"], fields["price_max"])


def test_a_seller_with_more_products_than_its_trade_has_kinds_gets_other_models(generator):
    business = generator.business()
    kinds = sum(len(spec_kinds) for spec_kinds in TRADE_KINDS[business["trade"].key])
    names = [generator.product(business)["name"] for _ in range(kinds + 3)]
    assert len(set(names)) == kinds + 3
    assert sum(" Model " in name for name in names) == 3


def test_the_price_table_is_plausible():
    assert PRICE_RANGES["Beras Karung 5 kg"] == (60_000, 90_000, "karung")
    assert PRICE_RANGES["Beras Lokal Karung 5 kg"] == (60_000, 90_000, "karung")
    assert PRICE_RANGES["Kopi Bubuk Semendo 250 gr"] == (35_000, 90_000, "bungkus")
    assert PRICE_RANGES["Kopi Luwak 100 gr"] == (150_000, 300_000, "bungkus")
    assert PRICE_RANGES["Pempek Campur Isi 10"] == (25_000, 60_000, "paket")
    songket = [low_high for name, low_high in PRICE_RANGES.items() if name.startswith("Kain Songket")]
    assert songket and all(1_500_000 <= low < high <= 15_000_000 for low, high, _ in songket)
    # A name two trades sell ("Pindang Patin", "Pempek Beku …") costs the same in both.
    for trade in TRADES:
        for spec_kinds in TRADE_KINDS[trade.key]:
            for kind in spec_kinds:
                assert PRICE_RANGES[kind.name] == (kind.price_low, kind.price_high, kind.unit), kind.name
    for name, (low, high, _) in PRICE_RANGES.items():
        assert 0 < low < high, name
        step = price_step(low)
        assert -(-low // step) * step <= high, name  # a rounded price fits in the range


def test_photo_captions_fit_for_the_longest_names():
    longest = sorted(PRICE_RANGES, key=len)[-5:] + [max(PRICE_RANGES, key=len) + " Model 12", "Pempek", "Supercalifragilisticexpialidocious" * 2]
    left, top, right, bottom = images.CAPTION_BOX
    padding = images.CAPTION_PADDING
    for title in longest:
        size, lines = images.caption_layout(title)
        assert size >= 20
        for _, _, (line_left, line_top, line_right, line_bottom) in lines:
            assert left + padding <= line_left and line_right <= right - padding, title
            assert top <= line_top and line_bottom <= bottom, title
        # Every letter is there: words wrapped (a word too long broken with a hyphen), never cut.
        assert "".join(line.removesuffix("-") for line, _, _ in lines).replace(" ", "") == title.replace(" ", "")
    assert images.caption_layout("Pempek")[0] == images.CAPTION_SIZES[0]
    assert [line for line, _, _ in images.caption_layout("Kopi Bubuk Semendo 250 gr")[1]][-1].endswith("250 gr")


def test_photos_are_drawn_after_the_product_kind():
    kinds = ["Pempek Kapal Selam", "Kopi Bubuk Semendo 250 gr", "Kopi Susu Gula Aren", "Keripik Pisang Balado",
             "Kain Songket Lepus", "Kemeja Batik Palembang Lengan Panjang", "Madu Hutan 500 ml", "Kerupuk Udang",
             "Beras Karung 5 kg", "Kecap Manis", "Keranjang Rotan", "Ukiran Kayu Tembesu Kaligrafi", "Gamis Jumputan",
             "Tekwan", "Kain Jumputan Pelangi", "Tikar Purun"]
    looks = [images.look_of(name) for name in kinds]
    assert len(set(looks)) == len(kinds) - 1  # the gamis and the batik shirt are both clothes
    # Two dishes are two drawings, not one plate with another caption.
    pempek, tekwan = (images.draw_product("kuliner", name).crop((0, 0, images.CANVAS, 540)) for name in ("Pempek Lenjer", "Tekwan"))
    assert sum(ImageStat.Stat(ImageChops.difference(pempek, tekwan)).mean) > 30
    # Deterministic: the same product, the same drawing; its second photo another.
    assert images.draw_product("kuliner", "Tekwan").tobytes() == images.draw_product("kuliner", "Tekwan").tobytes()
    assert images.draw_product("kuliner", "Tekwan", 1).tobytes() != images.draw_product("kuliner", "Tekwan").tobytes()


# VACUUM ANALYZE ends the bulk load on PostgreSQL: it cannot run inside a test's transaction.
@pytest.mark.django_db(transaction=True)
def test_bulk_demo_writes_what_the_services_would():
    seed("--bulk", "--businesses", "80", "--products", "240")
    assert demo_businesses().count() == 80 and Product.objects.count() == 240
    assert not ProductPhoto.objects.exists()
    assert_listing_is_true()
    assert_dates_are_meaningful()
    assert_products_are_plausible()
    published = BusinessPrivate.objects.filter(business__location_public=True)
    assert published.exists() and not published.filter(latitude__isnull=True).exists()
    # Again from scratch: the old demo goes, the new one is as true.
    seed("--bulk", "--businesses", "30", "--products", "50", "--reset")
    assert demo_businesses().count() == 30 and Product.objects.count() == 50
    assert_listing_is_true()
    last = Business.objects.order_by("pk").last()
    # Writes after the load get fresh ids from the sequences (reset after the explicit ones).
    assert Business.objects.create(name="Sesudah Muat", slug="sesudah-muat", regency=last.regency).pk > last.pk
