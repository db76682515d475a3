from django.contrib import admin

from directory.staff import staff_scope
from regions.models import District, Province, Regency, RegencyAlias, Village


class ScopedAutocompleteMixin:
    """In the autocomplete of a business form, offer only the staff member's kabupaten/kota
    (the form refuses any other choice too: directory.admin.BusinessAdmin). The lists
    themselves stay whole: regions are public reference data."""

    #: Path from this model to its kabupaten/kota.
    regency_path = "regency"
    scoped_sources = {("directory", "business")}

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = (request.GET.get("app_label"), request.GET.get("model_name"))
        if source in self.scoped_sources:
            queryset = staff_scope(request.user).filter(queryset, self.regency_path)
        return queryset, may_have_duplicates


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
class DistrictAdmin(ScopedAutocompleteMixin, admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    list_select_related = ["regency"]
    search_fields = ["code", "name"]
    list_filter = [("regency", admin.RelatedOnlyFieldListFilter)]


@admin.register(Village)
class VillageAdmin(ScopedAutocompleteMixin, admin.ModelAdmin):
    regency_path = "district__regency"
    list_display = ["code", "name", "type", "district"]
    list_select_related = ["district"]
    search_fields = ["code", "name"]
    show_full_result_count = False
