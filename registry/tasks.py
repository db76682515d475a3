"""Background steps of a registry import, run by `manage.py db_worker` (django-tasks with
its database queue). Each takes the job id only: everything else is in the database.

Each step first marks failed the jobs whose worker died (import_jobs_fail_stale: one UPDATE),
so a killed worker's job is given up even when nobody opens its page."""

from django_tasks import task

from registry.models import ImportJob
from registry.services import import_job_commit, import_job_preview, import_jobs_fail_stale


@task()
def preview_import(job_id):
    import_jobs_fail_stale()
    import_job_preview(ImportJob.objects.get(pk=job_id))


@task()
def commit_import(job_id):
    import_jobs_fail_stale()
    import_job_commit(ImportJob.objects.get(pk=job_id))
