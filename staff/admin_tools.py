"""The admin toolkit every back-office page builds on (backoffice holds the model admins
themselves): lists, forms and autocompletes limited to the staff member's kabupaten/kota
(staff.scope.staff_scope), and photo inlines that show what the upload pipeline made."""

from django.contrib import admin
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Regency
from staff.scope import staff_scope


class RegionScopedAdmin(admin.ModelAdmin):
    """A model admin whose rows belong to a kabupaten/kota: lists, forms and actions see only
    the staff member's regions, and another region's record answers 404 (not 403, which
    would tell that it exists)."""

    #: Path from this model to its kabupaten/kota.
    regency_path = "regency"
    #: The `?jenis=` of the registry import offered above the list ("" for none).
    import_kind = ""
    change_list_template = "admin/portal/change_list.html"

    def get_queryset(self, request):
        return staff_scope(request.user).filter(super().get_queryset(request), self.regency_path)

    def get_object(self, request, object_id, from_field=None):
        # Django's admin answers a missing object with a redirect to the index and a message
        # naming the id; here it is a plain 404, the same for "absent" and "another region".
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Data ini tidak ada atau di luar wilayah Anda."))
        return obj

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        return inlines if obj is not None else [i for i in inlines if not getattr(i, "change_only", False)]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"import_kind": self.import_kind, **(extra_context or {})}
        return super().changelist_view(request, extra_context)


class RegencyListFilter(admin.SimpleListFilter):
    """Kabupaten/kota, offering only the regions in the staff member's scope."""

    title = gettext_lazy("kabupaten/kota")
    parameter_name = "wilayah"

    def __init__(self, request, params, model, model_admin):
        self.regency_path = model_admin.regency_path
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        scope = staff_scope(request.user)
        if scope.is_provincial:
            return list(Regency.objects.in_portal().values_list("code", "name"))
        return sorted(scope.regency_names.items())

    def queryset(self, request, queryset):
        return queryset.filter(**{self.regency_path: self.value()}) if self.value() else queryset


class ScopedAutocompleteMixin:
    """For the admin of a reference model (kecamatan, desa) behind an autocomplete field:
    answering the autocomplete of a form in `scoped_sources`, offer only the staff member's
    kabupaten/kota (that form refuses any other choice too). The lists themselves stay whole:
    regions are public reference data."""

    #: Path from this model to its kabupaten/kota.
    regency_path = "regency"
    #: (app_label, model_name) of the forms whose autocompletes are scoped.
    scoped_sources = set()

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = (request.GET.get("app_label"), request.GET.get("model_name"))
        if source in self.scoped_sources:
            queryset = staff_scope(request.user).filter(queryset, self.regency_path)
        return queryset, may_have_duplicates


class PhotoPreviewInline(admin.TabularInline):
    """Photos come in through the upload pipeline (umkm_portal.images); staff may look at
    them and delete one, not upload or edit."""

    extra = 0
    # A new business or product has no photos yet: no (empty) inline on the add page.
    change_only = True
    fields = ["preview", "order"]
    readonly_fields = ["preview", "order"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("foto"))
    def preview(self, photo):
        return format_html('<img src="{}" alt="" height="80">', photo.thumb.url) if photo.thumb else "—"

    @admin.display(description=gettext_lazy("urutan"))
    def order(self, photo):
        return photo.position
