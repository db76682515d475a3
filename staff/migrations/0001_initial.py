import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    """The permissions on StaffProfile (and the groups holding them) hang off its content
    type: relabel the old one instead of letting post_migrate make a second."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="directory", model="staffprofile")
    if ContentType.objects.filter(app_label="staff", model="staffprofile").exists():
        old.delete()
    else:
        old.update(app_label="staff")


def content_type_goes_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="staff", model="staffprofile").update(app_label="directory")


class Migration(migrations.Migration):
    """Takes over directory's StaffProfile and its table (directory.0007 let go of it)."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0007_staffprofile_moves_to_staff"),
        ("regions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StaffProfile",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("is_provincial", models.BooleanField(default=False, verbose_name="staf provinsi")),
                        ("regencies", models.ManyToManyField(blank=True, related_name="staff", to="regions.regency", verbose_name="kabupaten/kota")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="staff_profile", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "profil staf dinas",
                        "verbose_name_plural": "profil staf dinas",
                        "db_table": "directory_staffprofile",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_goes_back, elidable=False),
    ]
