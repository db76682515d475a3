"""The dinas staff admin for businesses, in Bahasa Indonesia.

Every list, form and export is limited to the staff member's kabupaten/kota
(staff.scope.staff_scope): another region's record is absent from lists and answers
404 on its own pages. Saving tells the catalog what changed (directory.services.notify_listing_changed),
so the public pages follow every change."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.exports import PRIVATE_DATA_PERMISSION, BusinessExportResource, BusinessPrivateExportResource
from catalog.listing import refresh_counts
from directory.models import Business, BusinessPhoto, BusinessPrivate, Certification, Kbli, Ownership, sector_choices
from directory.services import businesses_set_status, notify_listing_changed
from regions.models import District, Village
from staff.admin_tools import PhotoPreviewInline, RegencyListFilter, RegionScopedAdmin
from staff.exports import StaffExportMixin
from staff.scope import staff_scope
from umkm_portal.slugs import unique_slug

# ---------------------------------------------------------------------------- list filters


class SectorListFilter(admin.SimpleListFilter):
    """The KBLI kategori letter, with its title ("C — Industri Pengolahan")."""

    title = gettext_lazy("sektor (KBLI)")
    parameter_name = "sektor"

    def lookups(self, request, model_admin):
        return sector_choices()

    def queryset(self, request, queryset):
        return queryset.filter(sector=self.value()) if self.value() else queryset


class CertificationListFilter(admin.SimpleListFilter):
    title = gettext_lazy("sertifikasi")
    parameter_name = "sertifikasi"

    def lookups(self, request, model_admin):
        return Certification.Kind.choices

    def queryset(self, request, queryset):
        # At most one certificate per kind and business (a constraint): the join adds no duplicates.
        return queryset.filter(certifications__kind=self.value()) if self.value() else queryset


def scope_message(scope):
    return _("Anda hanya dapat mengelola UMKM di: %(regions)s.") % {"regions": scope.describe()}


# ---------------------------------------------------------------------------- businesses


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class BusinessPrivateInline(admin.StackedInline):
    model = BusinessPrivate
    can_delete = False
    max_num = 1


class BusinessPhotoInline(PhotoPreviewInline):
    model = BusinessPhoto
    fields = ["preview", "caption", "order"]
    readonly_fields = ["preview", "caption", "order"]


class OwnershipInline(admin.TabularInline):
    """Who runs the business on the portal. Owners come in by claims, claim links and
    registrations (owners app); staff see them and remove one that should not be there."""

    model = Ownership
    extra = 0
    change_only = True
    fields = ["owner", "via", "created_at"]
    readonly_fields = ["owner", "via", "created_at"]
    verbose_name = gettext_lazy("pemilik di portal")
    verbose_name_plural = gettext_lazy("pemilik di portal")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("akun"))
    def owner(self, ownership):
        user = ownership.user
        return f"{user.get_full_name()} <{user.email}>" if user.get_full_name() else user.email


@admin.register(Business)
class BusinessAdmin(StaffExportMixin, RegionScopedAdmin):
    list_display = ["name", "nib", "regency", "district", "scale", "status", "verified_on", "recorded_on"]
    list_select_related = ["regency", "district"]
    list_filter = [RegencyListFilter, "status", "scale", SectorListFilter, CertificationListFilter]
    search_fields = ["name", "nib"]
    autocomplete_fields = ["kbli", "district", "village"]
    # Photos and logos go through the upload pipeline (umkm_portal.images), not raw admin file fields.
    readonly_fields = ["slug", "logo", "created_at", "updated_at"]
    inlines = [BusinessPrivateInline, CertificationInline, BusinessPhotoInline, OwnershipInline]
    actions = ["mark_inactive", "mark_active"]
    show_full_result_count = False
    import_kind = "business"
    export_resources = [BusinessExportResource]
    private_export_resources = [BusinessPrivateExportResource]
    export_stem = "umkm"
    private_data_permission = PRIVATE_DATA_PERMISSION

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = staff_scope(request.user)
        if db_field.name == "regency":
            kwargs["queryset"] = scope.regencies()
            kwargs["error_messages"] = {"invalid_choice": scope_message(scope)}
        elif db_field.name == "district":
            kwargs["queryset"] = scope.filter(District.objects.all())
        elif db_field.name == "village":
            kwargs["queryset"] = scope.filter(Village.objects.all(), "district__regency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        codes = staff_scope(request.user).regency_codes
        if len(codes) == 1 and "regency" not in initial:
            initial["regency"] = next(iter(codes))
        return initial

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(Business, obj.name)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form's initial values are the row as it was: a move recounts the kabupaten/kota it left.
        before = form.initial.get("regency") if change else None
        notify_listing_changed(business_ids=[form.instance.pk], regency_codes=[before] if before else [])

    def delete_model(self, request, obj):
        regency = obj.regency_id
        super().delete_model(request, obj)
        transaction.on_commit(lambda: refresh_counts(regency_codes={regency}))

    def delete_queryset(self, request, queryset):
        regencies = set(queryset.values_list("regency_id", flat=True))
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: refresh_counts(regency_codes=regencies))

    @admin.action(description=gettext_lazy("Tandai tidak aktif"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        self._set_status(request, queryset, Business.Status.INACTIVE)

    @admin.action(description=gettext_lazy("Tandai aktif (terverifikasi hari ini)"), permissions=["change"])
    def mark_active(self, request, queryset):
        self._set_status(request, queryset, Business.Status.ACTIVE)

    def _set_status(self, request, queryset, status):
        count = businesses_set_status(businesses=queryset, status=status)
        self.message_user(request, _("%(count)d UMKM ditandai %(status)s.") % {
            "count": count, "status": Business.Status(status).label.lower(),
        })


@admin.register(Kbli)
class KbliAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title"]
    list_filter = ["level", "category_code"]
    search_fields = ["code", "title"]
