"""Visitors' reports on listings ("Laporkan"), for the staff of the listing's kabupaten/kota:
read them, check the listing, mark each handled with a note. Reports come only from the public
form (never added here) and stay as a record (never deleted). Limited to the staff member's
regions (staff.admin_tools.RegionScopedAdmin): another region's report answers 404."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.models import Report
from feedback.services import report_mark_handled
from staff.admin_tools import RegencyListFilter, RegionScopedAdmin


class ReportHandleForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["status", "staff_note"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Report.Status.HANDLED and not (cleaned.get("staff_note") or "").strip():
            self.add_error("staff_note", _("Tulis apa yang diperiksa dan dilakukan sebelum menandai laporan ini sudah ditangani."))
        return cleaned


@admin.register(Report)
class ReportAdmin(RegionScopedAdmin):
    regency_path = "business__regency"
    form = ReportHandleForm
    list_display = ["created_at", "reason", "listing", "region", "status"]
    list_display_links = ["created_at", "reason"]
    list_select_related = ["business__regency", "product"]
    list_filter = ["status", "reason", RegencyListFilter]
    search_fields = ["business__name", "product__name"]
    show_full_result_count = False
    fields = ["business_link", "product_link", "reason", "message", "contact", "created_at", "status", "staff_note", "handled_at", "handled_by"]
    readonly_fields = ["business_link", "product_link", "reason", "message", "contact", "created_at", "handled_at", "handled_by"]

    def get_ordering(self, request):
        return ["-status", "-created_at"]  # "new" after "handled" alphabetically: reversed, new ones first

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("business__regency", "product", "handled_by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("dilaporkan"))
    def listing(self, report):
        return report.product.name if report.product_id else report.business.name

    @admin.display(description=gettext_lazy("kabupaten/kota"), ordering="business__regency__name")
    def region(self, report):
        return report.business.regency.name

    @admin.display(description=gettext_lazy("UMKM"))
    def business_link(self, report):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:directory_business_change", args=[report.business_id]), report.business.name,
            report.business.get_absolute_url(), _("halaman publik"),
        )

    @admin.display(description=gettext_lazy("produk"))
    def product_link(self, report):
        if not report.product_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:catalog_product_change", args=[report.product_id]), report.product.name,
            report.product.get_absolute_url(), _("halaman publik"),
        )

    def save_model(self, request, obj, form, change):
        if obj.status == Report.Status.HANDLED and "status" in form.changed_data:
            report_mark_handled(report=obj, staff=request.user, note=obj.staff_note.strip())
        else:
            super().save_model(request, obj, form, change)
