"""PostgreSQL full-text search for the catalog: a trigger keeps
product.search_vector (name weighted A, description B, Indonesian stemming)
current on every INSERT/UPDATE — including bulk inserts and COPY — and a GIN
index serves /produk/?q=. SQLite has neither; catalog.filters falls back to LIKE."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION catalog_product_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('indonesian', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('indonesian', coalesce(NEW.description, '')), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_product_search_vector_trigger
BEFORE INSERT OR UPDATE OF name, description ON catalog_product
FOR EACH ROW EXECUTE FUNCTION catalog_product_search_vector();

CREATE INDEX catalog_product_search_gin ON catalog_product USING gin (search_vector) WHERE is_listed;
"""

BACKWARD = """
DROP INDEX IF EXISTS catalog_product_search_gin;
DROP TRIGGER IF EXISTS catalog_product_search_vector_trigger ON catalog_product;
DROP FUNCTION IF EXISTS catalog_product_search_vector();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
