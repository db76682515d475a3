"""`manage.py check --deploy` warns while the portal still names the demo's dinas."""

import os

from django.core.checks import Tags, Warning, register

# The settings that name and reach the dinas running the portal (README, "Configuration").
OWNER_SETTINGS = ["PORTAL_OWNER_NAME", "PORTAL_OWNER_LOGO", "PORTAL_OWNER_ADDRESS", "PORTAL_OWNER_EMAIL", "PORTAL_OWNER_PHONE"]


@register(Tags.security, deploy=True)
def demo_owner_values(app_configs, **kwargs):
    unset = [name for name in OWNER_SETTINGS if name not in os.environ]
    if not unset:
        return []
    return [Warning(
        f"{', '.join(unset)} not set: every page names the demo's dinas, placeholder logo and contact.",
        hint="Set them to the dinas that runs this portal (README, Configuration); an empty value hides that line.",
        id="umkm_portal.W001",
    )]


@register(Tags.security, deploy=True)
def mail_not_configured(app_configs, **kwargs):
    """Password reset mails go out through SMTP: unset, they try localhost:25 from portal-umkm@localhost."""
    from django.conf import settings

    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        return []
    unset = [name for name in ("EMAIL_HOST", "DEFAULT_FROM_EMAIL") if name not in os.environ]
    if not unset:
        return []
    return [Warning(
        f"{', '.join(unset)} not set: password reset mails try localhost:25 from portal-umkm@localhost.",
        hint="Set the SMTP server and sender (README, Production).",
        id="umkm_portal.W002",
    )]
