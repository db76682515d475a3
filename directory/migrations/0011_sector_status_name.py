# The directory by sector: an index (sector, status, name) serves /umkm/?sektor= sorted within the
# sector (catalog.filters.BusinessFilter.ordering) and every lookup by sector, so it replaces the
# index on the sector alone (one index more would cost every registry import's insert).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0010_speed"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="business",
            index=models.Index(fields=["sector", "status", "name"], name="business_sector_status_name"),
        ),
        migrations.RemoveIndex(
            model_name="business",
            name="business_sector",
        ),
    ]
