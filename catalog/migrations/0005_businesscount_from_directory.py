import django.db.models.deletion
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="directory", model="businesscount")
    if ContentType.objects.filter(app_label="catalog", model="businesscount").exists():
        old.delete()
    else:
        old.update(app_label="catalog")


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="catalog", model="businesscount").update(app_label="directory")


class Migration(migrations.Migration):
    """Takes over directory's BusinessCount and its table (directory.0008 let go of it)."""

    dependencies = [
        ("catalog", "0004_search_statistics"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0008_businesscount_moves_to_catalog"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BusinessCount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("sector", models.CharField(max_length=1)),
                        ("scale", models.CharField(max_length=10)),
                        ("count", models.PositiveIntegerField()),
                        ("regency", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="regions.regency")),
                    ],
                    options={
                        "db_table": "directory_businesscount",
                        "indexes": [models.Index(fields=["regency"], name="businesscount_regency")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back, elidable=False),
    ]
