import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_verification_dates_imports_wrote_are_cleared_and_no_other():
    """registry 0003_dates: until then an import wrote the day of its commit into verified_on."""
    import datetime
    import zoneinfo

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    others = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] != "registry"]
    before, after = [*others, ("registry", "0002_import_mapping")], [*others, ("registry", "0003_dates")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Business, ImportJob, ImportChange = (
        old.get_model("directory", "Business"), old.get_model("registry", "ImportJob"), old.get_model("registry", "ImportChange")
    )
    user = old.get_model("auth", "User").objects.create(username="staf-lama")
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    started = datetime.datetime(2026, 12, 1, 22, 0, tzinfo=jakarta)
    # Finished at 00:30 in Jakarta on 2 December (still 1 December in UTC): the commit wrote 2 December.
    finished = datetime.datetime(2026, 12, 2, 0, 30, tzinfo=jakarta)
    job = ImportJob.objects.create(
        kind="business", status="done", created_by=user, created_at=started, finished_at=finished,
        filename="registri-2020.xlsx", file_size=1, file_sha256="0" * 64,
    )
    failed = ImportJob.objects.create(
        kind="business", status="failed", created_by=user, created_at=started, finished_at=finished,
        filename="gagal.xlsx", file_size=1, file_sha256="1" * 64,
    )
    import_day, later = datetime.date(2026, 12, 2), datetime.date(2026, 12, 5)

    def business(name, verified_on, job=None, action="created"):
        made = Business.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), regency_id="16.71", status="active", verified_on=verified_on,
        )
        if job is not None:
            ImportChange.objects.create(job=job, action=action, row=2, business=made)
        return made.pk

    written_by_import = business("Usaha Impor", import_day, job)
    verified_later = business("Usaha Diverifikasi Kemudian", later, job)
    edited_by_staff = business("Usaha Diubah Staf", import_day, job)
    only_updated = business("Usaha Diperbarui", import_day, job, action="updated")
    never_imported = business("Usaha Dari Admin", import_day)
    of_a_failed_job = business("Usaha Impor Gagal", import_day, failed)
    content_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="directory", model="business")
    old.get_model("admin", "LogEntry").objects.create(
        action_time=finished + datetime.timedelta(hours=1), user=user, content_type=content_type,
        object_id=str(edited_by_staff), object_repr="Usaha Diubah Staf", action_flag=2, change_message="[]",
    )

    executor = MigrationExecutor(connection)
    try:
        executor.migrate(after)
        new = MigrationExecutor(connection).loader.project_state(after).apps
        verified = dict(new.get_model("directory", "Business").objects.values_list("pk", "verified_on"))
    finally:
        # The later registry migrations again: the tests after this one on the worker need them.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert verified == {
        written_by_import: None,
        verified_later: later,
        edited_by_staff: import_day,
        only_updated: import_day,
        never_imported: import_day,
        of_a_failed_job: import_day,
    }
