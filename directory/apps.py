from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Direktori UMKM")

    def ready(self):
        from django.db.models.signals import post_migrate

        # Every app's post_migrate, not only ours: the roles include permissions of apps
        # migrated after this one (registry). Idempotent and a few queries each.
        post_migrate.connect(_ensure_staff_groups, dispatch_uid="directory_staff_groups")


def _ensure_staff_groups(**kwargs):
    """The two staff roles exist as soon as the database does (create_staff refreshes them too)."""
    from django.contrib.auth.models import Permission

    from directory.staff import ensure_staff_groups

    if Permission.objects.using(kwargs.get("using", "default")).exists():
        ensure_staff_groups()
