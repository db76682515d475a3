"""The dinas staff admin for businesses, in Bahasa Indonesia.

Every list, form and export is limited to the staff member's kabupaten/kota
(directory.staff.staff_scope): another region's record is absent from lists and answers
404 on its own pages. Saving goes through the services' upkeep
(catalog.services.sync_business_listing) so the public catalog follows every change."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.services import refresh_facets, sync_business_listing
from directory.models import (
    Business,
    BusinessPhoto,
    BusinessPrivate,
    Certification,
    Kbli,
    Ownership,
    StaffProfile,
    TurnoverReport,
)
from directory.services import business_set_status
from directory.staff import staff_assign_role, staff_revoke_role, staff_scope
from owners.services import month_label, month_shift, turnover_summary
from regions.models import District, Regency, Village
from registry.exporting import BusinessExportResource, BusinessPrivateExportResource, StaffExportMixin
from umkm_portal.slugs import unique_slug

# ---------------------------------------------------------------------------- region scope


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


class SectorListFilter(admin.SimpleListFilter):
    """The KBLI kategori letter, with its title ("C — Industri Pengolahan")."""

    title = gettext_lazy("sektor (KBLI)")
    parameter_name = "sektor"

    def lookups(self, request, model_admin):
        return [(k.code, f"{k.code} — {k.title}") for k in Kbli.objects.filter(level="kategori").only("code", "title")]

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
    list_display = ["name", "nib", "regency", "district", "scale", "status", "verified_on"]
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
        business = form.instance
        transaction.on_commit(lambda: sync_business_listing(business))

    def delete_model(self, request, obj):
        regency = obj.regency_id
        super().delete_model(request, obj)
        transaction.on_commit(lambda: refresh_facets(regency_codes={regency}))

    def delete_queryset(self, request, queryset):
        regencies = set(queryset.values_list("regency_id", flat=True))
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: refresh_facets(regency_codes=regencies))

    @admin.action(description=gettext_lazy("Tandai tidak aktif"), permissions=["change"])
    def mark_inactive(self, request, queryset):
        self._set_status(request, queryset, Business.Status.INACTIVE)

    @admin.action(description=gettext_lazy("Tandai aktif (terverifikasi hari ini)"), permissions=["change"])
    def mark_active(self, request, queryset):
        self._set_status(request, queryset, Business.Status.ACTIVE)

    def _set_status(self, request, queryset, status):
        count = 0
        with transaction.atomic():
            for business in queryset.select_related(None):
                business_set_status(business=business, status=status)
                count += 1
        self.message_user(request, _("%(count)d UMKM ditandai %(status)s.") % {
            "count": count, "status": Business.Status(status).label.lower(),
        })


@admin.register(Kbli)
class KbliAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title"]
    list_filter = ["level", "category_code"]
    search_fields = ["code", "title"]


@admin.register(TurnoverReport)
class TurnoverReportAdmin(RegionScopedAdmin):
    """Owners' monthly omzet reports (owners.views.turnover), and "Ringkasan omzet": per
    kabupaten/kota of the staff member's scope, who reported a month, total and medians."""

    regency_path = "business__regency"
    list_display = ["business", "month", "omzet", "transactions", "workers"]
    list_select_related = ["business"]
    list_filter = [RegencyListFilter]
    search_fields = ["business__name"]
    show_full_result_count = False
    autocomplete_fields = ["business"]
    change_list_template = "admin/directory/turnoverreport/change_list.html"
    #: Months offered by the summary's month choice, newest first.
    summary_months = 36

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "business":
            kwargs["queryset"] = staff_scope(request.user).filter(Business.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        own = [
            path("ringkasan/", self.admin_site.admin_view(self.summary_view), name="directory_turnoverreport_summary"),
        ]
        return own + super().get_urls()

    def summary_view(self, request):
        """Ringkasan omzet of one month (?bulan=YYYY-MM, default the last complete month), for
        staff who may view the reports; kabupaten/kota staff see only their regions."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        this_month = timezone.localdate().replace(day=1)
        months = [month_shift(this_month, -back) for back in range(self.summary_months)]
        chosen = {month.strftime("%Y-%m"): month for month in months}.get(request.GET.get("bulan", ""))
        month = chosen or month_shift(this_month, -1)
        scope = staff_scope(request.user)
        rows, total = turnover_summary(scope=scope, month=month)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ringkasan omzet %(month)s") % {"month": month_label(month)},
            "opts": self.model._meta,
            "month": month,
            "month_value": month.strftime("%Y-%m"),
            "month_choices": [(m.strftime("%Y-%m"), month_label(m)) for m in months],
            "invalid_month": bool(request.GET.get("bulan")) and chosen is None,
            "rows": rows,
            "total": total,
            "total_label": _("Seluruh provinsi") if scope.is_provincial else _("Seluruh wilayah Anda"),
            "scope_text": scope.describe(),
        }
        return TemplateResponse(request, "admin/directory/turnoverreport/summary.html", context)


# ---------------------------------------------------------------------------- staff accounts


class PortalRegenciesMixin:
    """The regencies a staff profile may hold: those of the portal's province."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "regencies":
            kwargs["queryset"] = Regency.objects.in_portal()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(StaffProfile)
class StaffProfileAdmin(PortalRegenciesMixin, admin.ModelAdmin):
    """Superusers and provincial staff (the group's view/change permission) assign regions;
    only superusers create or delete profiles (or use manage.py create_staff)."""

    list_display = ["user", "is_provincial", "regions"]
    list_select_related = ["user"]
    list_filter = ["is_provincial"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["regencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regencies")

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "user" in form.base_fields:
            form.base_fields["user"].queryset = get_user_model().objects.filter(staff_profile__isnull=True)
        return form

    @admin.display(description=gettext_lazy("kabupaten/kota"))
    def regions(self, profile):
        if profile.is_provincial:
            return _("semua kabupaten/kota")
        return ", ".join(regency.name for regency in profile.regencies.all()) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        staff_assign_role(profile=form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        staff_revoke_role(user=obj.user)

    def delete_queryset(self, request, queryset):
        users = [profile.user for profile in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user in users:
            staff_revoke_role(user=user)


class StaffProfileInline(PortalRegenciesMixin, admin.StackedInline):
    model = StaffProfile
    max_num = 1
    filter_horizontal = ["regencies"]
    verbose_name_plural = gettext_lazy("profil staf dinas (kosongkan untuk pengguna biasa)")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin with the dinas staff profile beside it (superusers only: the
    staff groups have no permission on users)."""

    inlines = [StaffProfileInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = StaffProfile.objects.filter(user=form.instance).first()
        if profile is not None:
            staff_assign_role(profile=profile)
        else:
            staff_revoke_role(user=form.instance)
