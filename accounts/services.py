"""Writes of the accounts flows."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import PasswordResetRequest
from umkm_portal.hashing import keyed_hash

RESET_WINDOW = timedelta(hours=1)


def password_reset_allowed(*, email, ip_address):
    """Record a reset request and say whether it may send mail: at most
    PASSWORD_RESETS_PER_HOUR_PER_EMAIL for one address and PASSWORD_RESETS_PER_HOUR_PER_IP from one
    client in the last hour, whether or not the email has an account. Refused requests are not
    recorded, so a flood does not extend its own wait."""
    email_key, ip_key = keyed_hash(email.strip().lower()), keyed_hash(ip_address)
    recent = PasswordResetRequest.objects.filter(created_at__gte=timezone.now() - RESET_WINDOW)
    if (
        recent.filter(email_key=email_key).count() >= settings.PASSWORD_RESETS_PER_HOUR_PER_EMAIL
        or recent.filter(ip_key=ip_key).count() >= settings.PASSWORD_RESETS_PER_HOUR_PER_IP
    ):
        return False
    PasswordResetRequest.objects.filter(created_at__lt=timezone.now() - RESET_WINDOW).delete()
    PasswordResetRequest.objects.create(email_key=email_key, ip_key=ip_key)
    return True
