"""The back office: the admin site of the dinas staff, in one place. Every ModelAdmin of the
portal is registered by a module of this app, one per topic; the admin's autodiscovery
imports this module, which imports them all."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backoffice import businesses, claims, feedback, history, imports, products, regions, staff, turnover  # noqa: F401  (each registers its model admins)

admin.site.site_header = _("Portal UMKM · Admin Dinas Koperasi & UKM")
admin.site.site_title = _("Admin Portal UMKM")
admin.site.index_title = _("Pengelolaan registri UMKM")
