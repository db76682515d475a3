"""The plain admin works for every model; saving a product through it fills the catalog columns.
(The region-scoped staff admin and the import come with their own issue.)"""

import pytest
from django.contrib.auth import get_user_model

from catalog.models import Category, Product
from tests.conftest import make_business, make_product

ADMIN_LISTS = [
    "/admin/regions/province/", "/admin/regions/regency/", "/admin/regions/district/", "/admin/regions/village/",
    "/admin/directory/business/", "/admin/directory/kbli/", "/admin/directory/turnoverreport/",
    "/admin/staff/staffprofile/", "/admin/catalog/category/", "/admin/catalog/product/",
]


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.id", "pw-rahasia-123")
    client.force_login(user)
    return client


def test_every_admin_list_opens(superuser_client, palembang, commit):
    with commit():
        business = make_business(palembang)
        for _ in range(22):
            make_product(business)
    for url in ADMIN_LISTS:
        assert superuser_client.get(url).status_code == 200, url
    assert superuser_client.get(f"/admin/directory/business/{business.pk}/change/").status_code == 200


def test_product_added_in_admin_is_listed_with_its_business_columns(superuser_client, palembang, client, commit):
    with commit():
        business = make_business(palembang, scale="kecil")
    with commit():
        response = superuser_client.post("/admin/catalog/product/add/", {
            "business": business.pk, "name": "Songket Lepus Benang Emas", "description": "Tenun tangan.",
            "category": Category.objects.get(slug="fashion-tekstil").pk, "price_min": "2500000", "price_max": "",
            "unit": "lembar", "min_order": "1", "is_available": "on",
        })
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get(name="Songket Lepus Benang Emas")
    assert (product.regency_id, product.scale, product.is_listed) == ("16.71", "kecil", True)
    assert product.slug.startswith("songket-lepus-benang-emas")
    assert "Songket Lepus Benang Emas" in client.get("/produk/?skala=kecil").content.decode()


def test_admin_requires_login(client):
    response = client.get("/admin/catalog/product/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
