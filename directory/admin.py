"""A plain admin for every directory model. Saving goes through the services' upkeep
(catalog.services.sync_business_listing) so the public catalog follows every change."""

from django.contrib import admin
from django.db import transaction

from catalog.services import sync_business_listing
from directory.models import (
    Business,
    BusinessPrivate,
    Certification,
    Kbli,
    StaffProfile,
    TurnoverReport,
)
from umkm_portal.slugs import unique_slug


class CertificationInline(admin.TabularInline):
    model = Certification
    extra = 0


class BusinessPrivateInline(admin.StackedInline):
    model = BusinessPrivate
    can_delete = False


@admin.register(Business)
class BusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "regency", "district", "scale", "status", "verified_on"]
    list_select_related = ["regency", "district"]
    list_filter = ["status", "scale", "sector", ("regency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "nib"]
    autocomplete_fields = ["kbli", "district", "village"]
    # Photos and logos go through the upload pipeline (umkm_portal.images), not raw admin file fields.
    readonly_fields = ["slug", "logo", "created_at", "updated_at"]
    inlines = [BusinessPrivateInline, CertificationInline]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        business = form.instance
        transaction.on_commit(lambda: sync_business_listing(business))

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(Business, obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Kbli)
class KbliAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title"]
    list_filter = ["level", "category_code"]
    search_fields = ["code", "title"]


@admin.register(TurnoverReport)
class TurnoverReportAdmin(admin.ModelAdmin):
    list_display = ["business", "month", "omzet", "transactions", "workers"]
    list_select_related = ["business"]
    autocomplete_fields = ["business"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "is_provincial"]
    list_select_related = ["user"]
    filter_horizontal = ["regencies"]
