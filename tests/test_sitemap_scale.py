"""The sitemap index must not read every product: at provincial scale that is millions of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_business, make_product


def test_sitemap_index_only_counts_the_large_sections(client, palembang, commit):
    with commit():
        business = make_business(palembang)
        for _ in range(3):
            make_product(business)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "sitemap-produk.xml" in response.content.decode()
    large = [q["sql"] for q in queries if '"catalog_product"' in q["sql"] or '"directory_business"' in q["sql"]]
    assert large and all("COUNT(" in sql.upper() for sql in large), large
