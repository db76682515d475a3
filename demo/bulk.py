"""Provincial-scale demo data (a million businesses, three million products) for
load tests and the benchmark.

Rows come from the same generator as the small demo but skip the services: they
are written straight into the tables (umkm_portal.bulk.write_rows: COPY on PostgreSQL,
executemany on SQLite), in one transaction. Products get the columns every product
copies from its business (catalog.listing.copied_columns) and no photos. On PostgreSQL the
secondary indexes and foreign keys are dropped for the load and rebuilt after it:
building an index once from sorted data is many times faster than updating
fifteen indexes for each of three million rows, and deferred foreign keys would
queue one check per row until commit."""

import datetime
import time
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.text import slugify

from catalog.listing import ListingFacts, copied_columns, refresh_counts
from catalog.models import Product
from demo.generator import DemoGenerator, product_counts
from demo.reference import DemoReference
from demo.seed import load_categories
from demo.words import TRADES
from directory.models import Business, BusinessPrivate, Certification
from directory.names import name_key
from umkm_portal.bulk import write_rows

BUSINESS_COLUMNS = (
    "id", "name", "slug", "description", "sector", "scale", "nib", "address", "postal_code", "whatsapp", "email",
    "tokopedia_url", "shopee_url", "bukalapak_url", "lazada_url", "blibli_url", "tiktok_url", "instagram_url",
    "facebook_url", "website_url", "status", "verified_on", "founded_year", "logo", "logo_thumb", "created_at",
    "updated_at", "district_id", "regency_id", "village_id", "kbli_id", "name_key", "business_type", "main_products",
    "sales_channels", "recorded_on", "location_public",
)
# Then the columns a product copies from its business, in copied_columns' order.
PRODUCT_OWN_COLUMNS = (
    "id", "name", "slug", "description", "price_min", "price_max", "unit", "min_order", "is_available", "is_hidden",
    "is_featured", "created_at", "updated_at", "business_id", "category_id",
)
CERTIFICATION_COLUMNS = ("business_id", "kind", "number", "expires_on")
PRIVATE_COLUMNS = ("business_id", "owner_name", "nik", "owner_phone", "owner_address", "owner_phone2", "latitude", "longitude")

HISTORY_START = datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC)
# As the trigger computes it (catalog migration 0008).
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('indonesian', coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('indonesian', coalesce(description, '')), 'B') || "
    "setweight(to_tsvector('indonesian', coalesce(seller_name, '')), 'C')"
)
SEARCH_TRIGGER = "catalog_product_search_vector_trigger"


def seed_bulk(*, businesses, products, seed, log, search_vector="trigger"):
    """Insert `businesses` demo businesses and `products` products. `search_vector` picks how
    PostgreSQL fills product.search_vector: "trigger" (the migration's trigger, row by row
    during COPY) or "update" (trigger off, one UPDATE afterwards)."""
    reference = DemoReference.from_database()
    generator = DemoGenerator(reference, seed=seed)
    categories = {slug: category.id for slug, category in load_categories().items()}
    writer = PostgresWriter(log) if connection.vendor == "postgresql" else SqliteWriter()
    first_business_id = (Business.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    first_product_id = (Product.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    timer = PhaseTimer(log)
    tables = [Business, Certification, BusinessPrivate, Product]

    with transaction.atomic():
        with timer("drop indexes and foreign keys"):
            writer.detach(tables)
            if search_vector == "update":
                writer.execute(f"ALTER TABLE {Product._meta.db_table} DISABLE TRIGGER {SEARCH_TRIGGER}")
        with timer("businesses", rows=businesses):
            sellers, certificates, privates = _write_businesses(writer, generator, businesses, first_business_id)
        with timer("certifications", rows=len(certificates)):
            write_rows(Certification._meta.db_table, CERTIFICATION_COLUMNS, certificates)
        with timer("private owner data", rows=len(privates)):
            write_rows(BusinessPrivate._meta.db_table, PRIVATE_COLUMNS, privates)
        del certificates, privates
        with timer("products", rows=products):
            counts = product_counts(businesses, products, generator.rng)
            _write_products(writer, generator, sellers, counts, categories, first_product_id)
        del sellers
        if search_vector == "update":
            with timer("search vectors", rows=products):
                writer.execute(
                    f"UPDATE {Product._meta.db_table} SET search_vector = {SEARCH_VECTOR_SQL} WHERE id >= %s",
                    [first_product_id],
                )
                writer.execute(f"ALTER TABLE {Product._meta.db_table} ENABLE TRIGGER {SEARCH_TRIGGER}")
        with timer("rebuild indexes and foreign keys"):
            writer.attach()
            writer.reset_sequences([Business, Product, Certification])
    with timer("facet counts"):
        refresh_counts()
    with timer("vacuum analyze"):
        writer.vacuum_analyze()
    timer.summary()


def _write_businesses(writer, generator, count, first_id):
    """Write the businesses; return what their products copy (one small tuple per business),
    and their certificate and private rows to write next."""
    sellers, certificates, privates = [], [], []
    today = generator.today
    span = (datetime.datetime.now(datetime.UTC) - HISTORY_START).total_seconds()
    trade_index = {trade.key: index for index, trade in enumerate(TRADES)}
    slugs = {}

    def rows():
        for offset in range(count):
            business_id = first_id + offset
            fields = generator.business()
            name = fields["name"]
            if name not in slugs:
                slugs[name] = slugify(name)[:60]
            created = writer.timestamp(HISTORY_START + datetime.timedelta(seconds=span * offset / count))
            valid = {c["kind"] for c in fields["certifications"] if c["expires_on"] >= today}
            for certificate in fields["certifications"]:
                certificates.append((business_id, certificate["kind"], certificate["number"], certificate["expires_on"].isoformat()))
            if fields["private"]:
                private = fields["private"]
                privates.append((
                    business_id, private["owner_name"], private["nik"], private["owner_phone"], private["owner_address"], "",
                    private.get("latitude"), private.get("longitude"),
                ))
            facts = ListingFacts(
                regency_id=fields["regency_id"], district_id=fields["district_id"], scale=fields["scale"],
                valid_kinds=frozenset(valid), listed=fields["status"] == "active", name=name,
            )
            sellers.append((business_id, trade_index[fields["trade"].key], name, fields["place"], fields["regency_short"], facts))
            verified_on = fields["verified_on"]
            yield (
                business_id, name, f"{slugs[name]}-{business_id}", fields["description"], fields["sector"], fields["scale"],
                fields["nib"], fields["address"], fields["postal_code"], fields["whatsapp"], fields["email"],
                fields["tokopedia_url"], fields["shopee_url"], "", "", "", "", fields["instagram_url"],
                fields["facebook_url"], "", fields["status"], verified_on.isoformat() if verified_on else None,
                fields["founded_year"], "", "", created, created, fields["district_id"], fields["regency_id"],
                fields["village_id"], fields["kbli_id"], name_key(name), "", "", "",
                fields["recorded_on"].isoformat() if fields["recorded_on"] else None, fields["location_public"],
            )

    write_rows(Business._meta.db_table, BUSINESS_COLUMNS, rows())
    return sellers, certificates, privates


def _write_products(writer, generator, sellers, counts, categories, first_id):
    total = sum(counts)
    span = (datetime.datetime.now(datetime.UTC) - HISTORY_START).total_seconds()
    slugs = {}

    copied = tuple(copied_columns(sellers[0][-1], hidden=False)) if sellers else ()

    def rows():
        product_id = first_id
        for seller, count in zip(sellers, counts):
            business_id, trade, name, place, regency_short, facts = seller
            business = {"trade": TRADES[trade], "name": name, "place": place, "regency_short": regency_short}
            listing = {hidden: tuple(copied_columns(facts, hidden=hidden).values()) for hidden in (False, True)}
            for _ in range(count):
                fields = generator.product(business)
                product_name = fields["name"]
                if product_name not in slugs:
                    slugs[product_name] = slugify(product_name)[:60]
                created = writer.timestamp(HISTORY_START + datetime.timedelta(seconds=span * (product_id - first_id) / total))
                yield (
                    product_id, product_name, f"{slugs[product_name]}-{product_id}", fields["description"],
                    fields["price_min"], fields["price_max"], fields["unit"], fields["min_order"], fields["is_available"],
                    fields["is_hidden"], fields["is_featured"], created, created, business_id, categories[fields["category"]],
                    *listing[fields["is_hidden"]],
                )
                product_id += 1

    write_rows(Product._meta.db_table, PRODUCT_OWN_COLUMNS + copied, rows())


class PhaseTimer:
    def __init__(self, log):
        self.log = log
        self.phases = []

    @contextmanager
    def __call__(self, name, rows=None):
        self.log(f"{name}…")
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.phases.append((name, seconds, rows))
        rate = f" ({rows / seconds:,.0f} rows/s)" if rows and seconds > 0 else ""
        self.log(f"  {name}: {seconds:.1f} s{rate}")

    def summary(self):
        self.log("Phase                               seconds")
        for name, seconds, rows in self.phases:
            self.log(f"  {name:<34}{seconds:8.1f}" + (f"   {rows:,} rows" if rows else ""))
        self.log(f"  {'total':<34}{sum(seconds for _, seconds, _ in self.phases):8.1f}")


class PostgresWriter:
    """The tables' secondary indexes and foreign keys dropped while the rows go in, and rebuilt
    after. Everything runs inside the caller's transaction: a failure restores every index."""

    def __init__(self, log):
        self.log = log
        self.restore = []  # statements recreating what detach() dropped, in order

    def execute(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    @staticmethod
    def timestamp(value):
        return value.strftime("%Y-%m-%d %H:%M:%S+00")

    def detach(self, models):
        # More memory for the index builds at the end; LOCAL: only for this transaction.
        self.execute("SET LOCAL maintenance_work_mem = '1GB'")
        with connection.cursor() as cursor:
            foreign_keys, uniques, indexes = [], [], []
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
                    [table],
                )
                for name, kind, definition in cursor.fetchall():
                    (foreign_keys if kind == "f" else uniques).append((table, name, definition))
                # Indexes that back no constraint (the primary key stays: ids arrive in order).
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [table, table],
                )
                indexes += [(table, name, definition) for name, definition in cursor.fetchall()]
            for table, name, _ in foreign_keys + uniques:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for _, name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        self.restore = (
            [definition for _, _, definition in indexes]
            + [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in uniques + foreign_keys]
        )
        self.log(f"  dropped {len(indexes)} indexes, {len(uniques)} unique constraints, {len(foreign_keys)} foreign keys")

    def attach(self):
        with connection.cursor() as cursor:
            for statement in self.restore:
                started = time.perf_counter()
                cursor.execute(statement)
                self.log(f"    {time.perf_counter() - started:6.1f} s  {statement[:110]}")

    def reset_sequences(self, models):
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)

    def vacuum_analyze(self):
        # The whole database: the planner needs statistics on the region and reference tables
        # too, and autovacuum may be off or not have got round to them yet. VACUUM also sets
        # the visibility map that index-only scans (the capped counts) need. It cannot run in
        # a transaction; outside atomic() Django is in autocommit.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


class SqliteWriter:
    """SQLite has no indexes to drop for the load, nor a VACUUM worth waiting for."""

    def execute(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    @staticmethod
    def timestamp(value):
        return value.strftime("%Y-%m-%d %H:%M:%S")  # Django's SQLite format for aware datetimes (UTC)

    def detach(self, models):
        pass

    def attach(self):
        pass

    def reset_sequences(self, models):
        pass  # SQLite moves AUTOINCREMENT past explicitly inserted ids by itself

    def vacuum_analyze(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
