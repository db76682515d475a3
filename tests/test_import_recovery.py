"""Recovery of registry imports (issue 11, item 6): a worker that stops heartbeating leaves its job
failed with a clear message, "Coba lagi" runs again what failed from what the job kept, a commit
happens whole or not at all (on PostgreSQL a real `manage.py db_worker` is killed in the middle
of one), and the personal data of old imports is purged by `manage.py purge_imports`."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from directory.models import Business, BusinessPrivate
from registry import scans, services
from registry.models import ImportChange, ImportJob, ImportProblem
from tests.conftest import run_background_tasks
from tests.test_import_admin import SMALL_REGISTRY, make_staff, post_file, xlsx

ROOT = Path(__file__).resolve().parent.parent
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").split(":")[0] in ("postgres", "postgresql")
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="another process must reach the test database and hold locks in it (PostgreSQL)"
)


ROWS_WITH_PROBLEMS = SMALL_REGISTRY + [
    [3, "Pempek Rudi", "Rudi", "", "Kab. OKI", "Kayu Agung", "0812-5555-6666", "Mikro"],  # outside the staff's region: an error
    [4, "Pempek Cek Ani", "Ani", "9120000000001", "Kota Palembang", "Ilir Timur I", "0812-1111-2222", "Mikro"],  # duplicate
    [5, "Kerupuk Dua", "Budi", "", "Kota Palembang", "Ilir Timur I", "0812-7777", "Mikro"],  # bad phone: a warning
]


@pytest.fixture
def palembang_staff(db):
    return make_staff("staf-plg", "16.71")


def page_of(client, job):
    response = client.get(reverse("admin:registry_importjob_change", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def retry(client, job, **kwargs):
    return client.post(reverse("admin:registry_importjob_retry", args=[job.pk]), **kwargs)


def previewed(client, rows=SMALL_REGISTRY):
    post_file(client, xlsx(rows))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.PREVIEWED, job.message
    return job


def confirmed_and_taken_by_a_worker_that_died(client, job, minutes_ago):
    """Confirm the import; a worker takes the commit (its task is claimed, the job SAVING) and dies."""
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    DBTaskResult.objects.ready().get().claim("dead-worker")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.SAVING, attempts=F("attempts") + 1,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def ready_tasks():
    return DBTaskResult.objects.ready().count()


# Heartbeat --------------------------------------------------------------------------------


def test_the_worker_beats_with_every_progress_write(client, palembang_staff, monkeypatch):
    monkeypatch.setattr(services, "BATCH_ROWS", 1)
    monkeypatch.setattr(services, "PROGRESS_EVERY_BATCHES", 1)
    client.force_login(palembang_staff)
    post_file(client, xlsx(SMALL_REGISTRY))
    before = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.PREVIEWED and job.attempts == 1 and job.heartbeat_at >= before
    beats = [
        q["sql"] for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "registry_importjob"') and '"heartbeat_at" = ' in q["sql"].split(" WHERE ")[0]
    ]
    # taken (READING), columns found, one per batch of the two rows, previewed
    assert len(beats) == 5, beats
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempts == 2


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone_without_a_write(client, palembang_staff, settings):
    settings.IMPORT_STALE_AFTER = 60
    client.force_login(palembang_staff)
    job = previewed(client)
    confirmed_and_taken_by_a_worker_that_died(client, job, minutes_ago=0)
    with CaptureQueriesContext(connection) as queries:
        html = page_of(client, job)
    assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "registry_importjob"')]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SAVING
    assert "Menyimpan ke registri" in html and "Coba lagi" not in html


# Stale jobs and "Coba lagi" ---------------------------------------------------------------------


def test_a_commit_whose_worker_died_is_failed_on_its_page_and_retried_once(client, palembang_staff, settings, commit):
    settings.IMPORT_STALE_AFTER = 60
    client.force_login(palembang_staff)
    job = previewed(client)
    confirmed_and_taken_by_a_worker_that_died(client, job, minutes_ago=2)

    html = page_of(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.message.startswith("Pekerja latar belakang berhenti saat menyimpan impor ini; tidak ada data yang berubah.")
    assert job.message in html
    assert reverse("admin:registry_importjob_retry", args=[job.pk]) in html and 'value="Coba lagi"' in html
    assert job.file_data is not None and job.staged is not None

    response = retry(client, job, follow=True)
    assert "Impor dicoba lagi: data sedang disimpan." in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CONFIRMED and job.message == ""
    # Sent twice (a double click, the back button): queued once.
    response = retry(client, job, follow=True)
    assert "tidak dapat dicoba lagi (status: Menunggu disimpan)" in response.content.decode()
    assert ready_tasks() == 1
    with commit():
        assert run_background_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.counts["new"] == 2 and job.attempts == 3
    assert Business.objects.count() == 2 and ImportChange.objects.filter(job=job).count() == 2


def test_a_read_whose_worker_died_is_read_again_from_the_stored_file(client, palembang_staff, settings):
    settings.IMPORT_STALE_AFTER = 60
    client.force_login(palembang_staff)
    post_file(client, xlsx(SMALL_REGISTRY))
    job = ImportJob.objects.latest("id")
    DBTaskResult.objects.ready().get().claim("dead-worker")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.READING, attempts=1, heartbeat_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    html = page_of(client, job)
    assert "Pekerja latar belakang berhenti saat membaca impor ini; tidak ada data yang berubah." in html
    assert "membaca lagi berkas yang tersimpan" in html
    retry(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert run_background_tasks() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2


def test_the_worker_gives_up_dead_jobs_when_it_starts_a_task(client, palembang_staff, settings):
    settings.IMPORT_STALE_AFTER = 60
    client.force_login(palembang_staff)
    dead = previewed(client)
    confirmed_and_taken_by_a_worker_that_died(client, dead, minutes_ago=2)
    post_file(client, xlsx(SMALL_REGISTRY), name="lain.xlsx")
    run_background_tasks()
    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and "berhenti saat menyimpan" in dead.message


def test_a_retried_commit_that_had_in_fact_happened_is_not_doubled(client, palembang_staff, commit):
    """The retry matches every record again against the registry as it stands: rows a lost run did
    write come out unchanged, never created twice."""
    client.force_login(palembang_staff)
    job = previewed(client)
    kept = ImportJob.objects.filter(pk=job.pk).values("file_data", "staged").get()
    with commit():
        client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
        run_background_tasks()
    assert Business.objects.count() == 2
    # As if the commit's data had been written but its job had lost that (the worst case).
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, finished_at=timezone.now(), **kept)
    retry(client, job)
    with commit():
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.counts["new"] == 0 and job.counts["unchanged"] == 2
    assert Business.objects.count() == 2 and BusinessPrivate.objects.count() == 2
    assert ImportChange.objects.filter(job=job, action="created").count() == 2  # the first run's, none more


def test_a_failed_commit_keeps_the_file_and_the_checked_rows_for_the_retry(client, palembang_staff, monkeypatch, commit):
    client.force_login(palembang_staff)
    job = previewed(client)
    insert_rows = scans.insert_rows

    def disk_full(model, columns, rows):
        if model is ImportChange:
            raise DatabaseError("could not extend file: No space left on device")
        return insert_rows(model, columns, rows)

    monkeypatch.setattr(scans, "insert_rows", disk_full)
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "Klik 'Coba lagi'" in job.message
    assert not Business.objects.exists() and job.file_data is not None and job.staged is not None
    assert "menyimpan lagi baris yang sudah diperiksa" in page_of(client, job)

    monkeypatch.setattr(scans, "insert_rows", insert_rows)  # the disk has room again
    retry(client, job)
    with commit():
        run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.file_data is None and job.staged is None
    assert Business.objects.count() == 2


def test_an_unexpected_read_error_keeps_the_file_for_the_retry(client, palembang_staff, monkeypatch):
    client.force_login(palembang_staff)
    read_table = services.read_table

    def out_of_memory(*args):
        raise MemoryError

    monkeypatch.setattr(services, "read_table", out_of_memory)
    post_file(client, xlsx(SMALL_REGISTRY))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.FAILED and "Klik 'Coba lagi'" in job.message and job.file_data is not None
    monkeypatch.setattr(services, "read_table", read_table)
    retry(client, job)
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2


def test_a_refused_file_is_not_kept_and_cannot_be_retried(client, palembang_staff):
    client.force_login(palembang_staff)
    post_file(client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, name="foto.xlsx")
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.FAILED and job.file_data is None
    assert 'value="Coba lagi"' not in page_of(client, job)
    response = retry(client, job, follow=True)
    assert "tidak dapat dicoba lagi: berkasnya tidak disimpan" in response.content.decode()
    assert ready_tasks() == 0


@pytest.mark.parametrize("status", [ImportJob.Status.DONE, ImportJob.Status.PREVIEWED])
def test_a_retry_of_a_job_that_did_not_fail_is_refused_and_changes_nothing(client, palembang_staff, commit, status):
    client.force_login(palembang_staff)
    job = previewed(client)
    if status == ImportJob.Status.DONE:
        with commit():
            client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
            run_background_tasks()
    before = ImportJob.objects.filter(pk=job.pk).values().get()
    problems = list(job.problems.values())
    response = retry(client, job, follow=True)
    label = ImportJob.Status(status).label
    assert f"Impor ini tidak dapat dicoba lagi (status: {label})." in response.content.decode()
    assert ImportJob.objects.filter(pk=job.pk).values().get() == before
    assert list(job.problems.values()) == problems
    assert ready_tasks() == 0


def test_a_failed_import_can_be_dropped_instead(client, palembang_staff, monkeypatch):
    client.force_login(palembang_staff)
    monkeypatch.setattr(services, "read_table", lambda *args: 1 / 0)
    post_file(client, xlsx(SMALL_REGISTRY))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    client.post(reverse("admin:registry_importjob_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and job.file_data is None
    assert 'value="Coba lagi"' not in page_of(client, job)


# Runs given up for dead --------------------------------------------------------------------------


def test_a_read_given_up_for_dead_stops_and_leaves_the_job_to_its_retry(client, palembang_staff, monkeypatch):
    """The first read is slow; meanwhile its job is declared dead and retried. When the slow run
    wakes up it writes nothing: the retry's preview is the only one."""
    client.force_login(palembang_staff)
    read_table = services.read_table
    slow_runs = []

    def given_up_while_reading(data, filename, kind, **options):
        if not slow_runs:
            slow_runs.append(1)
            job = ImportJob.objects.latest("id")
            ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
            assert services.import_jobs_fail_stale() == 1
            assert services.import_job_retry(job=job) == "read"
        return read_table(data, filename, kind, **options)

    monkeypatch.setattr(services, "read_table", given_up_while_reading)
    post_file(client, xlsx(ROWS_WITH_PROBLEMS))
    run_background_tasks()
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.QUEUED and job.attempts == 1 and not job.problems.exists()
    from registry.tasks import preview_import

    preview_import.enqueue(job.pk)
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.attempts == 2 and job.counts["errors"] == 1
    assert job.problems.count() == 3  # the retry's own, once


def test_a_commit_given_up_for_dead_rolls_back_whole(client, palembang_staff, monkeypatch):
    """Another run took the job while this commit was writing: the commit's last, fenced UPDATE
    finds the job no longer its own and everything it wrote is rolled back."""
    client.force_login(palembang_staff)
    job = previewed(client)
    write = scans.BusinessScan.write

    def taken_over_while_writing(scan, creates, updates):
        write(scan, creates, updates)
        assert Business.objects.count() == 2  # written, not yet committed
        ImportJob.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)

    monkeypatch.setattr(scans.BusinessScan, "write", taken_over_while_writing)
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_background_tasks()
    assert not Business.objects.exists() and not ImportChange.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SAVING and job.staged is not None  # for the stale sweep to fail it


# Permissions of the retry -------------------------------------------------------------------------


@pytest.fixture
def failed_job(palembang_staff):
    return ImportJob.objects.create(
        kind="business", created_by=palembang_staff, filename="plg.xlsx", file_size=5, file_sha256="0" * 64,
        file_data=xlsx(SMALL_REGISTRY), status=ImportJob.Status.FAILED, message="Terjadi kesalahan tak terduga.",
    )


@pytest.mark.parametrize("who, outcome", [
    ("anonymous", "login"),
    ("owner", "login"),
    ("uploader", "retried"),
    ("another staff member of the same kabupaten", 404),
    ("staff of another kabupaten", 404),
    ("provincial staff", "retried"),
])
def test_retry_by_role(client, failed_job, palembang_staff, who, outcome):
    users = {
        "anonymous": None,
        "owner": get_user_model().objects.create_user("pemilik", "pemilik@example.id"),
        "uploader": palembang_staff,
        "another staff member of the same kabupaten": make_staff("staf-plg-2", "16.71"),
        "staff of another kabupaten": make_staff("staf-oki", "16.02"),
        "provincial staff": make_staff("staf-prov", provincial=True),
    }
    if users[who]:
        client.force_login(users[who])
    response = retry(client, failed_job)
    failed_job.refresh_from_db()
    if outcome == "retried":
        assert response.status_code == 302 and failed_job.status == ImportJob.Status.QUEUED and ready_tasks() == 1
        return
    if outcome == "login":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == outcome
    assert failed_job.status == ImportJob.Status.FAILED and ready_tasks() == 0


def test_retry_needs_post(client, failed_job, palembang_staff):
    client.force_login(palembang_staff)
    assert client.get(reverse("admin:registry_importjob_retry", args=[failed_job.pk])).status_code == 405
    failed_job.refresh_from_db()
    assert failed_job.status == ImportJob.Status.FAILED


# Purge -------------------------------------------------------------------------------------------



def test_purge_empties_the_personal_data_of_imports_past_the_retention(client, palembang_staff, settings, commit):
    settings.IMPORT_RETENTION_DAYS = 30
    settings.IMPORT_STALE_AFTER = 60
    client.force_login(palembang_staff)
    now = timezone.now()

    def days_ago(n):
        return now - datetime.timedelta(days=n)

    old = previewed(client, ROWS_WITH_PROBLEMS)
    with commit():
        client.post(reverse("admin:registry_importjob_confirm", args=[old.pk]))
        run_background_tasks()
    recent = previewed(client, ROWS_WITH_PROBLEMS)
    forgotten = previewed(client, ROWS_WITH_PROBLEMS)  # never confirmed
    dead = previewed(client)
    confirmed_and_taken_by_a_worker_that_died(client, dead, minutes_ago=5)
    ImportJob.objects.filter(pk=old.pk).update(created_at=days_ago(32), finished_at=days_ago(31))
    ImportJob.objects.filter(pk=recent.pk).update(created_at=days_ago(29))
    ImportJob.objects.filter(pk=forgotten.pk).update(created_at=days_ago(45))
    ImportJob.objects.filter(pk=dead.pk).update(created_at=days_ago(60))
    assert ImportProblem.objects.filter(job=old).count() == 3 and "0812" in str(list(old.problems.values("values")))
    where = {job.pk: list(job.problems.values_list("row", "severity", "column")) for job in (old, forgotten)}
    assert {severity for _row, severity, _column in where[old.pk]} == {"error", "duplicate", "warning"}

    output = io.StringIO()
    call_command("purge_imports", stdout=output)
    assert output.getvalue().splitlines() == [
        "Imports whose worker stopped, marked failed: 1.",
        "Imports older than 30 days purged: 2 (1 never confirmed, now cancelled); problem rows emptied: 6.",
    ]
    for job in (old, recent, forgotten, dead):
        job.refresh_from_db()
    assert old.status == ImportJob.Status.DONE and old.counts["errors"] == 1 and old.purged_at is not None
    assert forgotten.status == ImportJob.Status.CANCELLED and forgotten.file_data is None and forgotten.staged is None
    assert "tidak dikonfirmasi dalam 30 hari" in forgotten.message
    for job in (old, forgotten):
        assert list(job.problems.values_list("row", "severity", "column")) == where[job.pk]
        assert {(message, str(values)) for message, values in job.problems.values_list("message", "values")} == {
            ("Isi pesan dihapus setelah 30 hari (data pribadi).", "[]")
        }
    # The error and the duplicate keep their row's cells; a warning keeps none.
    assert recent.purged_at is None and recent.file_data is not None and recent.problems.exclude(values=[]).count() == 2
    # The dead job ended now (it was marked failed): its file is kept for "Coba lagi" until its own time comes.
    assert dead.status == ImportJob.Status.FAILED and dead.purged_at is None and dead.staged is not None

    again = io.StringIO()
    call_command("purge_imports", stdout=again)
    assert "purged: 0 (0 never confirmed, now cancelled); problem rows emptied: 0." in again.getvalue()

    html = page_of(client, old)
    assert "Isi baris bermasalah dan berkas impor ini dihapus pada" in html
    download = client.get(reverse("admin:registry_importjob_problems", args=[old.pk]), follow=True)
    assert download.status_code == 200 and download["Content-Type"].startswith("text/html")
    assert "Baris bermasalah impor ini sudah dihapus pada" in download.content.decode()
    assert client.get(reverse("admin:registry_importjob_problems", args=[recent.pk]))["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_purge_works_in_batches(client, palembang_staff, settings, monkeypatch):
    settings.IMPORT_RETENTION_DAYS = 1
    monkeypatch.setattr(services, "PURGE_JOBS_PER_BATCH", 2)
    monkeypatch.setattr(services, "PURGE_PROBLEMS_PER_BATCH", 2)
    client.force_login(palembang_staff)
    jobs = [previewed(client, ROWS_WITH_PROBLEMS) for _ in range(3)]
    ImportJob.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert services.import_jobs_purge() == {"jobs": 3, "cancelled": 3, "problems": 9}
    assert not ImportProblem.objects.exclude(values=[]).exists()
    assert all(job.problems.count() == 3 for job in jobs)


# Settings ------------------------------------------------------------------------------------------


def test_a_bad_stale_timeout_or_retention_stops_start_up(tmp_path):
    check = ["-c", "import django; django.setup()"]
    processes = [
        subprocess.Popen(
            [sys.executable, *check], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "umkm_portal.settings",
                 "VAR_DIR": str(tmp_path), "DEBUG": "1", name: value},
        )
        for name, value in [("IMPORT_STALE_AFTER", "0"), ("IMPORT_RETENTION_DAYS", "90 hari")]
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert "IMPORT_STALE_AFTER=0 must be at least 1 (seconds)." in outputs[0]
    assert "IMPORT_RETENTION_DAYS='90 hari' is not an integer." in outputs[1]


# PostgreSQL: a real worker killed during a commit -----------------------------------------------------


def worker_environment():
    settings_dict = connection.settings_dict
    url = f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    return {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-only-not-secret", "DEBUG": "0"}


WORKER = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"]


def side_connection():
    """A connection of its own to the test database, as another process would have."""
    import psycopg

    settings_dict = connection.settings_dict
    return psycopg.connect(
        host=settings_dict["HOST"], port=settings_dict["PORT"] or None, user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None, dbname=settings_dict["NAME"], options="-c lock_timeout=5s",
    )


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return result


REGISTRY_OF_40 = [SMALL_REGISTRY[2]] + [
    [n, f"Usaha Tahan Banting {n:02d}", f"Pemilik {n}", f"91200000100{n:02d}", "Kota Palembang", "Ilir Timur I",
     f"0812-3000-{n:04d}", "Mikro"]
    for n in range(1, 41)
]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_commit_leaves_nothing_and_the_retry_commits_once(client, settings):
    settings.IMPORT_STALE_AFTER = 1
    staff = make_staff("staf-plg", "16.71")
    client.force_login(staff)
    job = previewed(client, REGISTRY_OF_40)
    assert job.counts["new"] == 40
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))

    # The commit will wait at its write of ImportChange rows, after the businesses, while this
    # connection holds the table: a real lock, no hook in the code.
    locker = side_connection()
    locker.execute("LOCK TABLE registry_importchange IN SHARE MODE")
    worker = subprocess.Popen(WORKER, cwd=ROOT, env=worker_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        backend = wait_for(lambda: locker.execute(
            "SELECT pid FROM pg_locks WHERE relation = 'registry_importchange'::regclass AND NOT granted"
        ).fetchone())[0]
        assert locker.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND relation = 'directory_business'::regclass "
            "AND mode = 'RowExclusiveLock' AND granted", [backend],
        ).fetchone(), "the businesses are written in the worker's open transaction"
        job.refresh_from_db()
        assert job.status == ImportJob.Status.SAVING
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        locker.rollback()
    # The server session of the killed worker sees its client gone once the lock is granted, and rolls back.
    locker.autocommit = True
    wait_for(lambda: not locker.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]).fetchone())
    locker.close()
    assert not Business.objects.exists() and not BusinessPrivate.objects.exists() and not ImportChange.objects.exists()

    time.sleep(max(0.0, 1.1 - (timezone.now() - job.heartbeat_at).total_seconds()))
    html = page_of(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "berhenti saat menyimpan" in job.message
    assert 'value="Coba lagi"' in html
    retry(client, job)
    retry(client, job)
    assert ready_tasks() == 1

    result = subprocess.run(WORKER, cwd=ROOT, env=worker_environment(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.counts["new"] == 40, job.message
    assert Business.objects.count() == 40 and BusinessPrivate.objects.count() == 40
    assert ImportChange.objects.filter(job=job).count() == 40


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_live_commit_given_up_by_another_process_rolls_back_and_its_beats_are_seen(client, monkeypatch):
    """The commit's heartbeats reach other processes while its transaction is open (they go through a
    second connection), and a commit another process marked failed meanwhile keeps nothing."""
    monkeypatch.setattr(services, "BATCH_ROWS", 5)
    monkeypatch.setattr(services, "PROGRESS_EVERY_BATCHES", 1)
    staff = make_staff("staf-plg", "16.71")
    client.force_login(staff)
    job = previewed(client, REGISTRY_OF_40)
    write = scans.BusinessScan.write
    seen = {}

    def given_up_by_another_process(scan, creates, updates):
        write(scan, creates, updates)
        with side_connection() as other:
            seen["progress"], seen["heartbeat"] = other.execute(
                "SELECT progress_done, heartbeat_at FROM registry_importjob WHERE id = %s", [job.pk]
            ).fetchone()
            other.execute("UPDATE registry_importjob SET status = 'failed', message = 'mati' WHERE id = %s", [job.pk])

    monkeypatch.setattr(scans.BusinessScan, "write", given_up_by_another_process)
    client.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    started = timezone.now()
    run_background_tasks()
    assert seen["progress"] == 40 and seen["heartbeat"] >= started - datetime.timedelta(seconds=1)
    assert not Business.objects.exists() and not ImportChange.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.message == "mati" and job.staged is not None

    monkeypatch.setattr(scans.BusinessScan, "write", write)
    retry(client, job)
    run_background_tasks()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Business.objects.count() == 40
