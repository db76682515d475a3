"""The demo app's seed_demo: the small demo through the real services (photos included), and
the provincial-scale path that writes straight into the tables (COPY on PostgreSQL). Both must
leave what the services would: every product carrying its business's facts, and counts that
match the rows."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from catalog.listing import copied_columns, facts_of
from catalog.models import BusinessCount, Product, ProductPhoto, RegencyFacetCount
from demo.seed import demo_businesses
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


# VACUUM ANALYZE ends the bulk load on PostgreSQL: it cannot run inside a test's transaction.
@pytest.mark.django_db(transaction=True)
def test_bulk_demo_writes_what_the_services_would():
    seed("--bulk", "--businesses", "80", "--products", "240")
    assert demo_businesses().count() == 80 and Product.objects.count() == 240
    assert not ProductPhoto.objects.exists()
    assert_listing_is_true()
    assert_dates_are_meaningful()
    # Again from scratch: the old demo goes, the new one is as true.
    seed("--bulk", "--businesses", "30", "--products", "50", "--reset")
    assert demo_businesses().count() == 30 and Product.objects.count() == 50
    assert_listing_is_true()
    last = Business.objects.order_by("pk").last()
    # Writes after the load get fresh ids from the sequences (reset after the explicit ones).
    assert Business.objects.create(name="Sesudah Muat", slug="sesudah-muat", regency=last.regency).pk > last.pk
