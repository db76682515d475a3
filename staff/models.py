"""Dinas staff and the kabupaten/kota each may manage (staff.scope reads it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import Regency


class StaffProfile(models.Model):
    """Dinas staff: provincial staff see every region, kabupaten/kota staff only their assigned ones."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile")
    is_provincial = models.BooleanField(_("staf provinsi"), default=False)
    regencies = models.ManyToManyField(Regency, blank=True, related_name="staff", verbose_name=_("kabupaten/kota"))

    class Meta:
        # Moved here from the directory app: the table (and its regencies table) keep their names.
        db_table = "directory_staffprofile"
        verbose_name = _("profil staf dinas")
        verbose_name_plural = _("profil staf dinas")
