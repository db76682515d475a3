import datetime

import pytest
from django.core.management import call_command

from catalog.models import FacetCount
from directory.models import Certification
from tests.conftest import make_business, make_product


@pytest.mark.django_db
def test_lapsed_halal_certificate_leaves_the_halal_filter(client, commit, palembang):
    today = datetime.date.today()
    with commit():
        lapsing = make_business(palembang, certifications=[{"kind": "halal", "number": "ID1", "expires_on": today}])
        lasting = make_business(palembang, certifications=[{"kind": "halal", "number": "ID2", "expires_on": None}])
        lapsing_product = make_product(lapsing, name="Kemplang Panggang")
        lasting_product = make_product(lasting, name="Kerupuk Ikan Belida")
    assert lapsing_product.has_halal and lasting_product.has_halal

    Certification.objects.filter(business=lapsing).update(expires_on=today - datetime.timedelta(days=1))
    call_command("refresh_listings", stdout=open("/dev/null", "w"))

    lapsing_product.refresh_from_db()
    lasting_product.refresh_from_db()
    assert not lapsing_product.has_halal
    assert lasting_product.has_halal
    page = client.get("/produk/?sertifikasi=halal").content.decode()
    assert "Kerupuk Ikan Belida" in page and "Kemplang Panggang" not in page
    assert sum(FacetCount.objects.filter(has_halal=True).values_list("count", flat=True)) == 1
