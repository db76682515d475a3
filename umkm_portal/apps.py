from django.apps import AppConfig


class UmkmPortalConfig(AppConfig):
    """The general helpers; an app for its template tags, system checks and the form text cleaning."""

    name = "umkm_portal"

    def ready(self):
        from umkm_portal import checks  # noqa: F401  (registers them)
        from umkm_portal.text import install_form_cleaning

        install_form_cleaning()
