from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordResetRequest(models.Model):
    """One request on /akun/lupa-sandi/, known or unknown email alike: counted in the database
    so every worker sees the same count (accounts.services.password_reset_allowed). Only keyed
    hashes are kept: the row names neither the address nor the IP."""

    email_key = models.CharField(max_length=64)
    ip_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan reset sandi")
        verbose_name_plural = _("permintaan reset sandi")
        indexes = [
            # accounts.views.PasswordResetView: the last hour's requests for one email / one IP
            models.Index(fields=["email_key", "created_at"], name="accounts_reset_email_idx"),
            models.Index(fields=["ip_key", "created_at"], name="accounts_reset_ip_idx"),
        ]
