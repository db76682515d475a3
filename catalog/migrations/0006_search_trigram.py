"""Typo tolerance for /produk/?q= (catalog.search.correction).

The words of the products' names go into a small table of distinct words (catalog_searchword:
tens of thousands of rows where catalog_product has millions), trigram-indexed (pg_trgm, GIN),
so correcting "pempk" → "pempek" is one index lookup on that table. A trigram index on
catalog_product.name would be ~3,000,000 entries, slow to build, to keep on every write and to
search, and would give whole names where a word is wanted.

PostgreSQL only (on SQLite catalog.search compares with the names in Python): a statement-level
trigger adds the words of inserted products (one INSERT … SELECT DISTINCT per statement, so a
COPY of a million rows pays once), a row-level one those of a renamed product. Additive: the
product table is only read (once, for the words already there)."""

from django.db import migrations, models

WORDS_OF_NAMES = "SELECT DISTINCT left(m[1], 100) FROM {rows}, regexp_matches(lower(name), '([[:alpha:]]{{3,}})', 'g') AS m"

FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

INSERT INTO catalog_searchword (word) {WORDS_OF_NAMES.format(rows="catalog_product")} ON CONFLICT DO NOTHING;

-- /produk/?q= with a misspelt word: catalog.search._closest_pg (the trigram operator, similarity()).
CREATE INDEX catalog_searchword_trigram ON catalog_searchword USING gin (word gin_trgm_ops);

CREATE FUNCTION catalog_searchword_inserted() RETURNS trigger AS $$
BEGIN
  INSERT INTO catalog_searchword (word) {WORDS_OF_NAMES.format(rows="new_products")} ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_searchword_insert_trigger
AFTER INSERT ON catalog_product REFERENCING NEW TABLE AS new_products
FOR EACH STATEMENT EXECUTE FUNCTION catalog_searchword_inserted();

CREATE FUNCTION catalog_searchword_renamed() RETURNS trigger AS $$
BEGIN
  INSERT INTO catalog_searchword (word)
  SELECT DISTINCT left(m[1], 100) FROM regexp_matches(lower(NEW.name), '([[:alpha:]]{{3,}})', 'g') AS m
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_searchword_rename_trigger
AFTER UPDATE OF name ON catalog_product
FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION catalog_searchword_renamed();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS catalog_searchword_rename_trigger ON catalog_product;
DROP TRIGGER IF EXISTS catalog_searchword_insert_trigger ON catalog_product;
DROP FUNCTION IF EXISTS catalog_searchword_renamed();
DROP FUNCTION IF EXISTS catalog_searchword_inserted();
DROP INDEX IF EXISTS catalog_searchword_trigram;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_businesscount_from_directory")]
    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=100, primary_key=True, serialize=False))],
            options={"verbose_name": "kata pencarian", "verbose_name_plural": "kata pencarian"},
        ),
        migrations.RunPython(forward, backward),
    ]
