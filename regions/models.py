"""Indonesian administrative regions with their official Kemendagri codes.

Codes are the primary keys ("16", "16.71", "16.71.01", "16.71.01.1001"), so a
foreign key column holds the official code itself and needs no join to show it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self):
        return self.name


class RegencyQuerySet(models.QuerySet):
    def in_portal(self):
        """The kabupaten/kota of the province this portal serves (PORTAL_PROVINCE)."""
        return self.filter(province_id=settings.PORTAL_PROVINCE)


class Regency(models.Model):
    """A kabupaten or kota."""

    class Type(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("kode Kemendagri"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("provinsi"))
    name = models.CharField(_("nama"), max_length=100)
    short_name = models.CharField(_("nama singkat"), max_length=100)
    type = models.CharField(_("jenis"), max_length=10, choices=Type.choices)
    slug = models.SlugField(max_length=120, unique=True)

    objects = RegencyQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalog:region", args=[self.slug])


class RegencyAlias(models.Model):
    """A name people use for a kabupaten/kota ("OKI", "Plg", "Lubuklinggau"),
    kept normalised for matching spreadsheet values to official regions."""

    regency = models.ForeignKey(Regency, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=100)
    normalized = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["regency_id", "alias"]
        verbose_name = _("alias kabupaten/kota")
        verbose_name_plural = _("alias kabupaten/kota")

    def __str__(self):
        return f"{self.alias} → {self.regency.name}"


class District(models.Model):
    """A kecamatan."""

    code = models.CharField(_("kode Kemendagri"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("kabupaten/kota"))
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Village(models.Model):
    """A desa or kelurahan."""

    class Type(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA_ADAT = "desa adat", _("Desa adat")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan"))
    name = models.CharField(_("nama"), max_length=100)
    type = models.CharField(_("jenis"), max_length=10, choices=Type.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def __str__(self):
        return self.name
