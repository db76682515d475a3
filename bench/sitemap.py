"""Sitemap benchmark: how long the sitemap index and section pages take on the provincial-scale
database (1,000,000 businesses, 3,000,000 products), through the Django test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/umkm_bench .venv/bin/python bench/sitemap.py [--runs R]

The database is used as it is: seed it with bench/catalog.py (or seed_demo --bulk) first; this
script neither migrates nor writes. Target: every section page ≤ 200 ms median server time."""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="timed requests per page (after 2 warm-up ones)")
    return parser.parse_args()


def configure_environment():
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/umkm_bench")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else")
    os.environ["DEBUG"] = "0"
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # the work of building each page, not the cache
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umkm_portal.settings")
    sys.path.insert(0, str(ROOT))
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def scenarios():
    from catalog.sitemaps import SECTIONS

    pages = {name: section.page_count() for name, section in SECTIONS.items()}
    print("Pages per section: " + ", ".join(f"{name} {count:,}" for name, count in pages.items()))
    yield "index /sitemap.xml", "/sitemap.xml"
    for name in ("halaman", "kategori", "wilayah"):
        yield name, f"/sitemap-{name}.xml"
    for name in ("umkm", "produk"):
        last = pages[name]
        for page in sorted({1, last // 2, last}):
            yield f"{name} page {page:,}/{last:,}", f"/sitemap-{name}.xml?p={page}"


def main():
    args = parse_args()
    configure_environment()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from catalog.models import Product

    print(f"{connection.vendor}, {Product.objects.count():,} products; 2 warm-up + {args.runs} timed requests per page")
    client = Client()
    header = f"{'page':<28}{'median':>8}{'p95':>8}{'queries':>9}{'URLs':>8}{'MB':>6}  result"
    rows = []
    pages = list(scenarios())
    print(header)
    for name, url in pages:
        for _ in range(2):
            assert client.get(url).status_code == 200, url
        times, queries = [], []
        for _ in range(args.runs):
            count = [0]

            def counter(execute, sql, params, many, context, count=count):
                count[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries.append(count[0])
            assert response.status_code == 200, url
        body = response.content
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
        passed = median <= TARGET_MS
        rows.append(passed)
        print(f"{name:<28}{median:8.1f}{p95:8.1f}{statistics.median(queries):9.0f}{body.count(b'<loc>'):8,}"
              f"{len(body) / 1e6:6.1f}  {'PASS' if passed else 'FAIL'}", flush=True)
    print(f"Times in ms (server time of client.get). Target: median ≤ {TARGET_MS} ms. "
          f"{sum(rows)}/{len(rows)} pages within it.")


if __name__ == "__main__":
    main()
