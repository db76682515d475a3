"""PostgreSQL only: a trigram index for the claim search (/akun/klaim/?q=), which matches any
part of the normalised name (BusinessQuerySet.for_claim_search: name_key LIKE '%words%').
Without it a rare name is a scan of every business."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_business_name_key_trgm ON directory_business "
            "USING gin (name_key gin_trgm_ops)"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_business_name_key_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_ownership_via")]
    operations = [migrations.RunPython(forward, backward)]
