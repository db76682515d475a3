"""Rules the database itself keeps (and model validation reports first): NIB, price range,
minimum order, one certificate per kind, one omzet report per month."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Product
from directory.models import Business, Certification, TurnoverReport
from tests.conftest import make_business, make_product

pytestmark = pytest.mark.django_db


def raises_integrity_error(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_nib_unique_when_present(palembang):
    make_business(palembang, nib="1234567890123")
    with pytest.raises(ValidationError) as error:
        make_business(palembang, nib="1234567890123")
    assert "nib" in error.value.message_dict
    # the database refuses it too, without model validation
    other = make_business(palembang)
    other.nib = "1234567890123"
    raises_integrity_error(other.save)


def test_many_businesses_without_nib(palembang):
    first = make_business(palembang)
    second = make_business(palembang, nib=None)
    third = make_business(palembang, nib="")  # blank from a form or spreadsheet: no NIB
    fourth = make_business(palembang, nib="  ")
    assert Business.objects.filter(pk__in=[first.pk, second.pk, third.pk, fourth.pk], nib__isnull=True).count() == 4


@pytest.mark.parametrize("nib", ["12345", "12345678901234", "12345678901AB", "1234 567890123"])
def test_nib_is_thirteen_digits(palembang, nib):
    with pytest.raises(ValidationError) as error:
        make_business(palembang, nib=nib)
    assert "nib" in error.value.message_dict
    assert not Business.objects.filter(nib=nib).exists()


def test_nib_message_in_indonesian(palembang):
    business = Business(name="Uji NIB", slug="uji-nib", regency=palembang, nib="123")
    with pytest.raises(ValidationError) as error:
        business.full_clean()
    assert "NIB terdiri dari 13 angka." in error.value.message_dict["nib"]


def test_price_max_not_below_price_min(commit, palembang):
    with commit():
        product = make_product(make_business(palembang), price_min=15000, price_max=15000)  # equal: fine
    product.price_max = 10000
    raises_integrity_error(product.save)
    product.refresh_from_db()
    product.price_min, product.price_max = None, 10000  # a maximum needs a minimum
    raises_integrity_error(product.save)
    raises_integrity_error(lambda: Product.objects.filter(pk=product.pk).update(price_min=20000, price_max=19999))


def test_price_range_checked_before_saving(palembang):
    business = make_business(palembang)
    with pytest.raises(ValidationError):
        make_product(business, price_min=15000, price_max=10000)
    assert not Product.objects.filter(business=business).exists()


def test_min_order_at_least_one(commit, palembang):
    with commit():
        product = make_product(make_business(palembang), min_order=1)
    product.min_order = 0
    raises_integrity_error(product.save)
    with pytest.raises(ValidationError):
        make_product(product.business, min_order=0)


def test_one_certification_per_kind(palembang):
    business = make_business(palembang, certifications=[{"kind": "halal", "number": "ID1"}])
    Certification.objects.create(business=business, kind="pirt", number="P1")  # another kind: fine
    raises_integrity_error(lambda: Certification.objects.create(business=business, kind="halal", number="ID2"))
    other = make_business(palembang)
    Certification.objects.create(business=other, kind="halal", number="ID1")  # another business: fine
    assert Certification.objects.filter(kind="halal").count() >= 2


def test_one_turnover_report_per_business_per_month(palembang):
    business = make_business(palembang)
    january = datetime.date(2025, 1, 1)
    TurnoverReport.objects.create(business=business, month=january, omzet=1_000_000)
    TurnoverReport.objects.create(business=business, month=datetime.date(2025, 2, 1), omzet=2_000_000)
    raises_integrity_error(lambda: TurnoverReport.objects.create(business=business, month=january, omzet=5))
    TurnoverReport.objects.create(business=make_business(palembang), month=january, omzet=7)
    assert TurnoverReport.objects.filter(month=january).count() == 2
