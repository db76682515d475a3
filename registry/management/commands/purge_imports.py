from django.conf import settings
from django.core.management.base import BaseCommand

from registry.services import import_jobs_fail_stale, import_jobs_purge


class Command(BaseCommand):
    help = (
        "Daily upkeep of registry imports: mark failed the imports whose worker stopped (IMPORT_STALE_AFTER), "
        "then purge the personal data (stored file, staged records, problem cells and messages) of imports "
        "that ended more than IMPORT_RETENTION_DAYS ago. Idempotent."
    )

    def handle(self, *args, **options):
        stale = import_jobs_fail_stale()
        totals = import_jobs_purge()
        self.stdout.write(f"Imports whose worker stopped, marked failed: {stale}.")
        self.stdout.write(
            f"Imports older than {settings.IMPORT_RETENTION_DAYS} days purged: {totals['jobs']} "
            f"({totals['cancelled']} never confirmed, now cancelled); problem rows emptied: {totals['problems']}."
        )
