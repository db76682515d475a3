"""Products are found by their seller's name too (catalog.search), ranked below name and description.

A product copies its business's name into seller_name (catalog.listing.copied_columns, kept by
listing_sync like the other copied columns: every rename of a business syncs its products). On
PostgreSQL the search trigger adds it to search_vector with weight C (name A, description B), so
the one GIN index still answers every search: no join to the businesses, no second index. The
trigger now keeps the vector of an UPDATE that leaves the three columns as they were (listing_sync
rewrites the copied columns of every product of a business it syncs).

The fill rewrites every product row once (and its vector), with the product table's secondary
indexes dropped and rebuilt around it (rewrite_products): 27 s for 300,000 products on the
2-core bench machine, so some 4-5 minutes at 3,000,000, during which the catalog cannot be read."""

from django.db import migrations, models

VECTOR = (
    "setweight(to_tsvector('indonesian', coalesce({row}name, '')), 'A') || "
    "setweight(to_tsvector('indonesian', coalesce({row}description, '')), 'B')"
)
SELLER = " || setweight(to_tsvector('indonesian', coalesce({row}seller_name, '')), 'C')"

FORWARD = f"""
CREATE OR REPLACE FUNCTION catalog_product_search_vector() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.name IS NOT DISTINCT FROM OLD.name AND NEW.description IS NOT DISTINCT FROM OLD.description
     AND NEW.seller_name IS NOT DISTINCT FROM OLD.seller_name THEN
    -- The vector is made of these three only. Kept even when the UPDATE writes it (a model's full
    -- save() writes the NULL a freshly created instance still holds).
    NEW.search_vector := OLD.search_vector;
    RETURN NEW;
  END IF;
  NEW.search_vector := {VECTOR.format(row="NEW.")}{SELLER.format(row="NEW.")};
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER catalog_product_search_vector_trigger ON catalog_product;
CREATE TRIGGER catalog_product_search_vector_trigger
BEFORE INSERT OR UPDATE OF name, description, seller_name ON catalog_product
FOR EACH ROW EXECUTE FUNCTION catalog_product_search_vector();
"""

# The trigger fills the vectors.
FILL = """
UPDATE catalog_product AS product SET seller_name = business.name
FROM directory_business AS business WHERE business.id = product.business_id
"""

BACKWARD = f"""
CREATE OR REPLACE FUNCTION catalog_product_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := {VECTOR.format(row="NEW.")};
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER catalog_product_search_vector_trigger ON catalog_product;
CREATE TRIGGER catalog_product_search_vector_trigger
BEFORE INSERT OR UPDATE OF name, description ON catalog_product
FOR EACH ROW EXECUTE FUNCTION catalog_product_search_vector();
"""
UNFILL = f"UPDATE catalog_product SET search_vector = {VECTOR.format(row='')}"

SQLITE_FILL = """
UPDATE catalog_product SET seller_name = (
  SELECT name FROM directory_business WHERE directory_business.id = catalog_product.business_id
)
"""


def rewrite_products(schema_editor, statement):
    """Run an UPDATE of every product with the table's secondary indexes dropped and rebuilt
    after it (as demo.bulk does): each row's new version would otherwise be added to some twenty
    indexes one by one (300,000 products: 62 s that way, 27 s this way)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'catalog_product' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'catalog_product'::regclass)"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(statement)
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")  # LOCAL: this migration's transaction only
        for _name, definition in indexes:
            cursor.execute(definition)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)
        rewrite_products(schema_editor, FILL)
    else:
        schema_editor.execute(SQLITE_FILL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)
        rewrite_products(schema_editor, UNFILL)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_speed"), ("directory", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="product",
            name="seller_name",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.RunPython(forward, backward),
    ]
