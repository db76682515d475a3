import pytest

from tests.conftest import make_business, make_product


@pytest.mark.django_db
def test_pages_render(client, commit, palembang):
    with commit():
        business = make_business(palembang, whatsapp="0812-3456-7890")
        product = make_product(business, name="Pempek Kapal Selam")
    for url in ["/", "/produk/", f"/produk/{product.slug}/", "/umkm/", f"/umkm/{business.slug}/",
                f"/wilayah/{palembang.slug}/", "/sitemap.xml", "/robots.txt", "/produk/feed/", "/produk/?q=pempek"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Pempek Kapal Selam" in client.get("/produk/?q=pempek").content.decode()
