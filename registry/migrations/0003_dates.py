"""The date of a file's data given at upload (ImportJob.recorded_on), and the verification
dates imports wrote: until now a business an import created got the day of the import as
Business.verified_on, so the public page said "diverifikasi dinas" of data nobody had checked.

Cleared, conservatively, only where the import is the one that wrote it: the business was
created by a business import that finished (registry.ImportChange "created"), its verified_on
is the local date that import finished (the day its commit wrote), and no staff member has
edited the business in the admin since the import began (an admin change may have set the
date by hand). A staff member who pressed "Tandai aktif" on the same day as the import leaves
no trace to tell the two apart; that date is cleared too and staff verify again."""

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

CHUNK = 2000


def clear_dates_imports_wrote(apps, schema_editor):
    ImportChange = apps.get_model("registry", "ImportChange")
    Business = apps.get_model("directory", "Business")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    business_type = ContentType.objects.filter(app_label="directory", model="business").first()

    created = (
        ImportChange.objects.filter(
            action="created", business__isnull=False, job__kind="business", job__status="done",
            job__finished_at__isnull=False,
        )
        .order_by("business_id")
        .values_list("business_id", "job__created_at", "job__finished_at")
    )
    zone = timezone.get_default_timezone() if settings.USE_TZ else None
    batch = []
    for row in created.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            _clear(batch, Business, LogEntry, business_type, zone)
            batch = []
    if batch:
        _clear(batch, Business, LogEntry, business_type, zone)


def _clear(batch, Business, LogEntry, business_type, zone):
    ids = [business_id for business_id, _started, _finished in batch]
    verified = dict(Business.objects.filter(pk__in=ids, verified_on__isnull=False).values_list("pk", "verified_on"))
    edited_since = {}
    if business_type is not None:
        for object_id, action_time in LogEntry.objects.filter(
            content_type=business_type, object_id__in=[str(pk) for pk in verified]
        ).values_list("object_id", "action_time"):
            edited_since[int(object_id)] = max(action_time, edited_since.get(int(object_id), action_time))
    to_clear = []
    for business_id, started, finished in batch:
        if business_id not in verified:
            continue
        finished_on = timezone.localtime(finished, zone).date() if zone and timezone.is_aware(finished) else finished.date()
        last_edit = edited_since.get(business_id)
        if verified[business_id] == finished_on and (last_edit is None or last_edit < started):
            to_clear.append(business_id)
    Business.objects.filter(pk__in=to_clear).update(verified_on=None)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0002_import_mapping"),
        ("directory", "0009_recorded_on_and_location"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="recorded_on",
            field=models.DateField(blank=True, null=True, verbose_name="tanggal data berkas"),
        ),
        migrations.RunPython(clear_dates_imports_wrote, migrations.RunPython.noop),
    ]
