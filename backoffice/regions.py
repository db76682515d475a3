"""Regions in the admin: public reference data, whole lists for everyone who may view them.
The kecamatan and desa autocompletes of a business form offer only the staff member's
kabupaten/kota (the form refuses any other choice too: backoffice.businesses)."""

from django.contrib import admin

from regions.models import District, Province, Regency, RegencyAlias, Village
from staff.admin_tools import ScopedAutocompleteMixin


class BusinessFormAutocomplete(ScopedAutocompleteMixin):
    scoped_sources = {("directory", "business")}


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class RegencyAliasInline(admin.TabularInline):
    model = RegencyAlias
    fields = ["alias", "normalized"]
    extra = 0


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name", "type", "province"]
    list_select_related = ["province"]
    list_filter = ["type", "province"]
    search_fields = ["code", "name", "aliases__alias"]
    inlines = [RegencyAliasInline]


@admin.register(District)
class DistrictAdmin(BusinessFormAutocomplete, admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    list_select_related = ["regency"]
    search_fields = ["code", "name"]
    list_filter = [("regency", admin.RelatedOnlyFieldListFilter)]


@admin.register(Village)
class VillageAdmin(BusinessFormAutocomplete, admin.ModelAdmin):
    regency_path = "district__regency"
    list_display = ["code", "name", "type", "district"]
    list_select_related = ["district"]
    search_fields = ["code", "name"]
    show_full_result_count = False
