"""Owners' monthly omzet reports in the staff admin, and "Ringkasan omzet" (the summary of
one month per kabupaten/kota of the staff member's scope)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Business, TurnoverReport
from staff.admin_tools import RegencyListFilter, RegionScopedAdmin
from staff.scope import staff_scope
from umkm_portal.months import month_label, month_shift


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
        regencies = list(scope.regencies().values_list("code", "name"))
        rows, total = TurnoverReport.objects.summary_by_regency(regencies=regencies, month=month)
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
