from django.db import migrations


class Migration(migrations.Migration):
    """StaffProfile now belongs to the staff app (staff.0001_initial takes it over with the
    same table): only Django's record of it moves, the table stays as it is."""

    dependencies = [
        ("directory", "0006_turnover_month"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StaffProfile")],
            database_operations=[],
        ),
    ]
