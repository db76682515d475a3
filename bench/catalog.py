"""Catalog benchmark at provincial scale: how long the public catalog pages take on
PostgreSQL with a million businesses and three million products.

    .venv/bin/python bench/catalog.py [--businesses N] [--products M] [--runs R] [--skip-seed] [--wrk]

See bench/README.md for what is measured and how to read the table."""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/umkm_bench"
WARMUP_RUNS = 3
TARGET_MEDIAN_MS = 25
TARGET_P95_MS = 75
SEARCH_TARGET_MEDIAN_MS = 50
SEARCH_TARGET_P95_MS = 150  # the same 1:3 ratio as the other pages
WRK_PORT = 8011
WRK_WARMUP_REQUESTS = 20


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--businesses", type=int, default=1_000_000)
    parser.add_argument("--products", type=int, default=3_000_000)
    parser.add_argument("--runs", type=int, default=30, help="timed requests per scenario (after 3 warm-up ones)")
    parser.add_argument("--skip-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of every scenario's slowest query")
    parser.add_argument("--wrk", action="store_true", help="also load-test /produk/ with wrk against gunicorn -w 2")
    parser.add_argument("--wrk-only", action="store_true", help="only the wrk load tests (no scenarios)")
    return parser.parse_args()


def configure_environment():
    """Production-like settings (DEBUG off) against the benchmark database; set before Django loads."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else")
    os.environ["DEBUG"] = "0"
    # The scenarios measure the work of building each page, so the whole-page cache is off
    # here; run_wrk measures both with and without it.
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    # Nothing here sends mail; kept in memory so a stray one never tries an SMTP server.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umkm_portal.settings")
    sys.path.insert(0, str(ROOT))
    # WhiteNoise warns once per process that collectstatic has not run: irrelevant here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


def create_database_if_missing():
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    server = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
              "password": config["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in server.items() if v}) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            print(f"Creating database {config['NAME']}")
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def prepare_data(args):
    from django.core.management import call_command
    from django.db import connection

    from catalog.models import Product
    from directory.models import Business

    call_command("migrate", verbosity=0)
    call_command("load_regions", villages=True)
    call_command("load_catalog_reference")
    if not args.skip_seed and (Product.objects.count() != args.products or Business.objects.count() != args.businesses):
        print(f"Seeding {args.businesses:,} businesses and {args.products:,} products (this takes minutes)…", flush=True)
        call_command("seed_demo", businesses=args.businesses, products=args.products, bulk=True, reset=True)
    # Fresh planner statistics, as autovacuum would keep them (it may be off on a bench machine,
    # and load_regions has just rewritten the region tables).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass
class Scenario:
    name: str
    url: str
    search: bool = False
    server_ms: list = field(default_factory=list)
    query_counts: list = field(default_factory=list)
    db_ms: list = field(default_factory=list)
    slowest_ms: list = field(default_factory=list)
    slowest_query: tuple = None  # (sql, params) of the slowest query of the last run

    @property
    def targets(self):
        if self.search:
            return SEARCH_TARGET_MEDIAN_MS, SEARCH_TARGET_P95_MS
        return TARGET_MEDIAN_MS, TARGET_P95_MS

    @property
    def median(self):
        return statistics.median(self.server_ms)

    @property
    def p95(self):
        return statistics.quantiles(self.server_ms, n=20, method="inclusive")[18]

    @property
    def passed(self):
        median_target, p95_target = self.targets
        return self.median <= median_target and self.p95 <= p95_target


class QueryTimer:
    """Times every SQL statement of a request (connection.execute_wrapper: works with DEBUG off,
    microsecond resolution where CaptureQueriesContext rounds to milliseconds)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql, params))


def build_scenarios():
    from django.conf import settings
    from django.db import connection

    from catalog.models import Product
    from catalog.search import search_products
    from demo.words import RARE_SEARCH_WORDS
    from regions.models import District
    from umkm_portal.keyset import encode_cursor

    palembang_district = District.objects.filter(regency__slug="kota-palembang").order_by("code").first()
    # Page 2000 continues after the last product of page 1999 (newest first).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Product._meta.db_table} WHERE is_listed ORDER BY id DESC LIMIT 1 OFFSET %s",
            [1999 * settings.CATALOG_PAGE_SIZE - 1],
        )
        row = cursor.fetchone()
    if row is None:
        sys.exit("Fewer than 2,000 pages of listed products: seed more (--products).")
    rare_word, rare_count = rarest_word(RARE_SEARCH_WORDS, search_products, Product)
    print(f"Rare search word: {rare_word!r} ({rare_count} listed products); "
          f"kecamatan: {palembang_district.code} {palembang_district.name}; page 2000 cursor id {row[0]}")
    return [
        Scenario("home /", "/"),
        Scenario("/produk/ page 1", "/produk/"),
        Scenario("/produk/ page 2000", f"/produk/?setelah={encode_cursor([row[0]])}&halaman=2000"),
        Scenario("wilayah", "/produk/?wilayah=kota-palembang"),
        Scenario("wilayah + kecamatan", f"/produk/?wilayah=kota-palembang&kecamatan={palembang_district.code}"),
        Scenario("kategori", "/produk/?kategori=kuliner"),
        Scenario("sertifikasi", "/produk/?sertifikasi=halal"),
        Scenario("skala", "/produk/?skala=kecil"),
        Scenario("harga 10-50 rb", "/produk/?harga_min=10000&harga_max=50000"),
        Scenario("wilayah+kategori+halal", "/produk/?wilayah=kota-palembang&kategori=kuliner&sertifikasi=halal"),
        Scenario("search common", "/produk/?q=pempek", search=True),
        Scenario(f"search rare ({rare_word})", f"/produk/?q={rare_word}", search=True),
        Scenario("search misspelt (pempk)", "/produk/?q=pempk", search=True),
        Scenario("search place (pempek palembang)", "/produk/?q=pempek+palembang", search=True),
        Scenario("search two words (keripik pisang)", "/produk/?q=keripik+pisang", search=True),
        Scenario("search two words (kemplang ikan)", "/produk/?q=kemplang+ikan", search=True),
        Scenario("search English (coffee)", "/produk/?q=coffee", search=True),
        Scenario("search newest (pempek, urut=terbaru)", "/produk/?q=pempek&urut=terbaru", search=True),
        # "bi tuti" is only in sellers' names ("Pempek Bi Tuti"): the lowest relevance level.
        Scenario("search seller (pempek bi tuti)", "/produk/?q=pempek+bi+tuti", search=True),
        Scenario("/wilayah/kota-palembang/", "/wilayah/kota-palembang/"),
    ]


def rarest_word(words, search_products, Product):
    counts = {word: search_products(Product.objects.listed(), word).count() for word in words}
    found = {word: count for word, count in counts.items() if count}
    if not found:
        return words[0], 0
    word = min(found, key=found.get)
    return word, found[word]


def measure(scenario, client, connection, runs):
    for _ in range(WARMUP_RUNS):
        response = client.get(scenario.url)
        assert response.status_code == 200, f"{scenario.url} answered {response.status_code}"
    for _ in range(runs):
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(scenario.url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, f"{scenario.url} answered {response.status_code}"
        scenario.server_ms.append(elapsed * 1000)
        scenario.query_counts.append(len(timer.queries))
        scenario.db_ms.append(sum(seconds for seconds, _, _ in timer.queries) * 1000)
        slowest = max(timer.queries, key=lambda query: query[0]) if timer.queries else (0, None, None)
        scenario.slowest_ms.append(slowest[0] * 1000)
        scenario.slowest_query = slowest[1:]


def print_table(scenarios):
    header = f"{'scenario':<34}{'median':>8}{'p95':>8}{'queries':>9}{'SQL sum':>9}{'slowest':>9}  {'target':<12}result"
    print()
    print(header)
    print("-" * len(header))
    for s in scenarios:
        median_target, p95_target = s.targets
        print(
            f"{s.name:<34}{s.median:8.1f}{s.p95:8.1f}{statistics.median(s.query_counts):9.0f}"
            f"{statistics.median(s.db_ms):9.1f}{statistics.median(s.slowest_ms):9.1f}  "
            f"{f'≤{median_target}/≤{p95_target}':<12}{'PASS' if s.passed else 'FAIL'}"
        )
    print("Times in ms. median/p95: server time of client.get (URL resolution, view, SQL, template). "
          "SQL sum / slowest: median over runs of the summed and of the slowest SQL statement's time, "
          "measured around cursor.execute (round trip included).")


def explain(scenarios, connection, everything):
    for s in scenarios:
        if s.slowest_query[0] is None or (s.passed and not everything):
            continue
        sql, params = s.slowest_query
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(f"    {line}" for (line,) in cursor.fetchall())
        shown = re.sub(r"^SELECT .{300,}? FROM", "SELECT … FROM", sql % tuple(repr(p) for p in params or ()), count=1)
        print(f"\n== {s.name}: slowest query ({statistics.median(s.slowest_ms):.1f} ms median)\n    {shown}\n{plan}")


def run_wrk(path="/produk/", *, page_cache_seconds, label="", wrk_args=()):
    """Requests/s of `path` under wrk against gunicorn -w 2; `wrk_args` add headers or a Lua script."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("\nwrk is not installed (apt-get install wrk): skipping the load test.")
        return
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "umkm_portal.wsgi", "-w", "2", "-b", f"127.0.0.1:{WRK_PORT}", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "PAGE_CACHE_SECONDS": str(page_cache_seconds)},
    )
    try:
        url = f"http://127.0.0.1:{WRK_PORT}{path}"
        wait_until_up(url)
        for _ in range(WRK_WARMUP_REQUESTS):  # both workers past their first, cold requests
            fetch(url)
        command = [wrk, "-t2", "-c20", "-d10s", "--latency", *wrk_args, url]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        cache = f"page cache {page_cache_seconds} s" if page_cache_seconds else "page cache off"
        shown = " ".join(part if " " not in part else repr(part) for part in command[1:])
        print(f"\nwrk {shown} (gunicorn -w 2, {cache}, wrk on the same 2 cores){': ' + label if label else ''}:")
        print("\n".join(f"    {line}" for line in result.stdout.strip().splitlines()))
        rate = next((line.split()[1] for line in result.stdout.splitlines() if line.startswith("Requests/sec")), "?")
        p99 = next((line.split()[1] for line in result.stdout.splitlines() if line.strip().startswith("99%")), "?")
        print(f"Requests/s ({cache}{', ' + label if label else ''}): {rate}, p99 {p99}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


# A made-up parameter on every request: the page cache must still serve them all one copy.
RANDOM_PARAMETER_LUA = """
math.randomseed(os.time())
request = function()
  return wrk.format("GET", wrk.path .. "?x=" .. math.random(1, 1000000000))
end
"""


def run_wrk_scenarios():
    """/produk/ under load: built every time, from the page cache, and the two ways a visitor
    could get around the cache: a made-up parameter, a made-up session cookie."""
    import tempfile

    run_wrk(page_cache_seconds=0)
    run_wrk(page_cache_seconds=60)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(RANDOM_PARAMETER_LUA)
    try:
        run_wrk(page_cache_seconds=60, label="random ?x= on every request", wrk_args=["-s", script.name])
    finally:
        os.unlink(script.name)
    run_wrk(page_cache_seconds=60, label="made-up session cookie", wrk_args=["-H", "Cookie: sessionid=" + "k" * 32])


def directory_scenarios():
    """/umkm/: the directory, filtered, and searched by a common and a frequent word."""
    return [
        Scenario("/umkm/", "/umkm/"),
        Scenario("/umkm/ wilayah", "/umkm/?wilayah=kota-palembang"),
        Scenario("/umkm/ sektor", "/umkm/?sektor=C"),
        Scenario("/umkm/ wilayah + sektor", "/umkm/?wilayah=kota-palembang&sektor=C"),
        Scenario("/umkm/ sektor + skala", "/umkm/?sektor=S&skala=menengah"),
        Scenario("/umkm/ skala", "/umkm/?skala=menengah"),
        Scenario("/umkm/ wilayah + skala", "/umkm/?wilayah=kota-palembang&skala=menengah"),
        Scenario("/umkm/ wilayah + sektor + skala, rare", "/umkm/?wilayah=kota-pagar-alam&sektor=N&skala=kecil"),
        Scenario("/umkm/?q=pempek", "/umkm/?q=pempek", search=True),
        Scenario("/umkm/?q=utama", "/umkm/?q=utama", search=True),
        Scenario("/umkm/?q=pempek&wilayah=", "/umkm/?q=pempek&wilayah=kota-palembang", search=True),
    ]


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fetch(url)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main():
    args = parse_args()
    configure_environment()
    create_database_if_missing()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    prepare_data(args)
    if args.wrk_only:
        connection.close()
        return run_wrk_scenarios()
    scenarios = build_scenarios() + directory_scenarios()
    client = Client()
    print(f"\n{WARMUP_RUNS} warm-up + {args.runs} timed requests per scenario, DEBUG off, {connection.vendor}.", flush=True)
    for scenario in scenarios:
        measure(scenario, client, connection, args.runs)
        print(f"  {scenario.name}: median {scenario.median:.1f} ms", flush=True)
    print_table(scenarios)
    failed = [s.name for s in scenarios if not s.passed]
    print(f"\n{len(scenarios) - len(failed)}/{len(scenarios)} scenarios within target" + (f"; FAIL: {', '.join(failed)}" if failed else "."))
    explain(scenarios, connection, args.explain)
    if args.wrk:
        connection.close()
        run_wrk_scenarios()


if __name__ == "__main__":
    main()
