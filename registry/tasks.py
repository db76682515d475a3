"""Background steps of a registry import, run by `manage.py db_worker` (django-tasks with
its database queue). Each takes the job id only: everything else is in the database."""

from django_tasks import task

from registry.models import ImportJob
from registry.services import import_job_commit, import_job_preview


@task()
def preview_import(job_id):
    import_job_preview(ImportJob.objects.get(pk=job_id))


@task()
def commit_import(job_id):
    import_job_commit(ImportJob.objects.get(pk=job_id))
