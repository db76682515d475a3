"""The import flow across processes: the upload and the confirmation come from the web
process, the reading and writing happen in a separate `manage.py db_worker` process. All
state passes through the database (no file in one process's /tmp)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from directory.models import Business
from registry.models import ImportJob
from tests.test_import_admin import SMALL_REGISTRY, xlsx

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("villages"),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":")[0] not in ("postgres", "postgresql"),
        reason="the test database must be reachable from another process (PostgreSQL)",
    ),
]


def run_worker():
    """`manage.py db_worker` in its own process, until the queue is empty."""
    settings_dict = connection.settings_dict
    url = f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    environment = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-only-not-secret", "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_preview_and_confirm_with_the_worker_in_another_process():
    user = get_user_model().objects.create_superuser("dinas", "dinas@example.id", "x")
    uploader = Client()
    uploader.force_login(user)
    file = io.BytesIO(xlsx(SMALL_REGISTRY))
    file.name = "plg.xlsx"
    uploader.post(reverse("admin:registry_importjob_add"), {"kind": "business", "file": file})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED

    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.counts["new"] == 2

    # Another session (as if served by another app server) reads the preview and confirms.
    confirmer = Client()
    confirmer.force_login(user)
    page = confirmer.get(reverse("admin:registry_importjob_change", args=[job.pk]))
    assert "Konfirmasi: simpan 2 baru" in page.content.decode()
    confirmer.post(reverse("admin:registry_importjob_confirm", args=[job.pk]))
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Business.objects.count() == 2
