from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """Bringing dinas registry spreadsheets in (import) and taking data out (export)."""

    name = "registry"
    verbose_name = _("Impor & ekspor registri")
    default_auto_field = "django.db.models.BigAutoField"
