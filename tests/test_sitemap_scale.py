"""The sitemap must not read every product: at provincial scale that is millions of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_business, make_product


def large_queries(queries):
    return [q["sql"] for q in queries if '"catalog_product"' in q["sql"] or '"directory_business"' in q["sql"]]


def test_sitemap_index_reads_no_row_of_the_large_sections(client, palembang, commit):
    with commit():
        business = make_business(palembang)
        for _ in range(3):
            make_product(business)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "sitemap-produk.xml" in response.content.decode()
    large = large_queries(queries)
    # The newest id of each large section: one aggregate, no row read.
    assert len(large) == 2 and all("MAX(" in sql.upper() for sql in large), large


def test_a_sitemap_page_reads_one_id_range_of_slugs(client, palembang, commit):
    with commit():
        business = make_business(palembang)
        products = [make_product(business) for _ in range(25)]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap-produk.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert all(f"/produk/{p.slug}/</loc>" in body and f"/en/produk/{p.slug}/</loc>" in body for p in products)
    # The newest id (is the page there?), then the page's rows: slug and day only, by an id range.
    large = large_queries(queries)
    assert len(large) == 2, large
    page = large[1]
    assert "OFFSET" not in page.upper() and '"catalog_product"."id" >' in page and '"catalog_product"."id" <=' in page
    assert '"catalog_product"."name"' not in page and '"catalog_product"."description"' not in page
