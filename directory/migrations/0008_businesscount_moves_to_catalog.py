from django.db import migrations


class Migration(migrations.Migration):
    """BusinessCount now belongs to the catalog app (catalog.0005 takes it over with the same
    table): only Django's record of it moves, the table stays as it is."""

    dependencies = [
        ("directory", "0007_staffprofile_moves_to_staff"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BusinessCount")],
            database_operations=[],
        ),
    ]
