from django.apps import AppConfig


class UmkmPortalConfig(AppConfig):
    """The general helpers; an app only for its template tags and system checks."""

    name = "umkm_portal"

    def ready(self):
        from umkm_portal import checks  # noqa: F401  (registers them)
