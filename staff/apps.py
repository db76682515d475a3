from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staf dinas")

    def ready(self):
        from django.db.models.signals import post_migrate

        # Every app's post_migrate, not only ours: the roles include permissions of apps
        # migrated after this one (directory, catalog, registry, owners). Idempotent and a
        # few queries each.
        post_migrate.connect(_ensure_staff_groups, dispatch_uid="staff_groups")


def _ensure_staff_groups(**kwargs):
    """The two staff roles exist as soon as the database does (create_staff refreshes them too)."""
    from django.contrib.auth.models import Permission

    from staff.roles import ensure_staff_groups

    if Permission.objects.using(kwargs.get("using", "default")).exists():
        ensure_staff_groups()
