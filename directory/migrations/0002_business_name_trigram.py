"""PostgreSQL only: a trigram index for /umkm/?q=, which matches any part of the
business name (Django's icontains: UPPER(name) LIKE UPPER('%word%')). Without
it that is a scan of every business (1.2 s at a million)."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_business_name_trgm ON directory_business "
            "USING gin (UPPER(name::text) gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_business_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
