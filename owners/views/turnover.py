"""The owner's monthly omzet: report a month, read back the history and a chart of the last
12 months. Omzet is private (directory.models.TurnoverReport): only the owners and dinas staff
of the region see it, so this page is never cached."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from owners.access import owned_business_or_404
from owners.forms.turnover import MonthField, TurnoverForm
from owners.services.turnover import turnover_months, turnover_report_save
from umkm_portal.money import format_rupiah, format_thousands
from umkm_portal.months import month_label, month_shift

CHART_MONTHS = 12
# The chart's drawing area in SVG user units (it scales to the page width).
CHART_WIDTH, CHART_HEIGHT = 360, 180
CHART_TOP, CHART_BOTTOM = 8, 36  # room above the tallest bar; below the bars for month names


@never_cache
@login_required
def turnover(request, slug):
    """Owners of the business only (anyone else: 404). GET ?bulan=YYYY-MM fills the form with
    that month's report, to correct it; POST saves a month (again: it replaces that month)."""
    business = owned_business_or_404(request.user, slug)
    today = timezone.localdate()
    reports = list(business.turnover_reports.order_by("-month"))
    by_month = {report.month: report for report in reports}
    form = TurnoverForm(
        request.POST or None, business=business, reported_months=by_month, today=today,
        initial=_initial(business, by_month, request.GET.get("bulan"), today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _report, created = turnover_report_save(business=business, today=today, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            template = _("Omzet %(month)s tersimpan.") if created else _("Omzet %(month)s diperbarui.")
            messages.success(request, template % {"month": month_label(form.cleaned_data["month"])})
            return redirect("owners:turnover", business.slug)
    return render(request, "owners/turnover/turnover.html", {
        "business": business,
        "tab": "turnover",
        "form": form,
        "rows": _history_rows(reports, by_month),
        "chart": _chart(by_month, today),
    })


def _initial(business, by_month, asked, today):
    """The month asked for (?bulan=, from the table's "Ubah" links) with its figures, to correct
    them; else the first month not reported yet (_first_unreported) with only the workers last
    reported: figures of a month the owner did not pick would be sent again for another month
    too easily, on a page without JavaScript to swap them."""
    earliest, latest = turnover_months(business, today=today)
    try:
        month = MonthField().clean(asked) if asked else None
    except ValidationError:
        month = None
    if month is not None and earliest <= month <= latest:
        report = by_month.get(month)
        if report is not None:
            return {"month": month, "omzet": format_thousands(report.omzet),
                    "transactions": report.transactions, "workers": report.workers}
        return {"month": month}
    last = max(by_month.values(), key=lambda r: r.month, default=None)
    return {"month": _first_unreported(by_month, earliest, latest), "workers": last.workers if last else business.workers}


def _first_unreported(by_month, earliest, latest):
    """The month the form offers first, so that saving it as it comes never replaces a report:
    the month after the newest report (owners report month after month), last month when none
    is reported yet (this month for a business founded this month); when every month up to this
    one is, the newest month still missing, and this month only when none is."""
    newest = max(by_month, default=None)
    if newest is None:
        return max(month_shift(latest, -1), earliest)
    if newest < latest:
        return max(month_shift(newest, 1), earliest)
    month = latest
    while month >= earliest:
        if month not in by_month:
            return month
        month = month_shift(month, -1)
    return latest


def _history_rows(reports, by_month):
    """The table under the form, newest first, each month with its change against the month before
    (when that month was reported too)."""
    rows = []
    for report in reports:
        previous = by_month.get(month_shift(report.month, -1))
        change = report.omzet - previous.omzet if previous else None
        rows.append({
            "report": report,
            "month_label": month_label(report.month),
            "month_value": report.month.strftime("%Y-%m"),
            "change": change,
            "change_abs": abs(change) if change is not None else None,
            # Percent of the previous month's omzet; none against a month of Rp 0.
            "change_percent": round(change * 100 / previous.omzet) if previous and previous.omzet else None,
        })
    return rows


def _chart(by_month, today):
    """Bars of the last 12 months for an inline SVG: the 12 months up to this month when it is
    reported already, else up to last month. Heights are scaled to the highest omzet shown.
    None when none of those months is reported."""
    latest = today.replace(day=1)
    if latest not in by_month:
        latest = month_shift(latest, -1)
    months = [month_shift(latest, back - CHART_MONTHS + 1) for back in range(CHART_MONTHS)]
    shown = [by_month[month].omzet for month in months if month in by_month]
    if not shown:
        return None
    highest = max(shown)
    slot = CHART_WIDTH / CHART_MONTHS
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    baseline = CHART_HEIGHT - CHART_BOTTOM
    bars = []
    for index, month in enumerate(months):
        report = by_month.get(month)
        height = 0
        if report is not None and highest:
            # A month with a tiny but real omzet still shows a sliver.
            height = max(round(report.omzet * plot_height / highest, 1), 1 if report.omzet else 0)
        bars.append({
            "x": round(index * slot + slot * 0.15, 1),
            "width": round(slot * 0.7, 1),
            "y": round(baseline - height, 1),
            "height": height,
            "reported": report is not None,
            "label_x": round(index * slot + slot / 2, 1),
            "short_month": date_format(month, "M"),
            # The year under the first bar and under every January, so the axis reads on its own.
            "year": month.year if index == 0 or month.month == 1 else "",
            "title": f"{month_label(month)}: {format_rupiah(report.omzet)}" if report
            else _("%(month)s: belum dilaporkan") % {"month": month_label(month)},
        })
    best = max((month for month in months if month in by_month), key=lambda m: by_month[m].omzet)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": baseline,
        "month_y": baseline + 14,
        "year_y": baseline + 28,
        "bars": bars,
        "title": _("Omzet %(first)s sampai %(last)s") % {"first": month_label(months[0]), "last": month_label(months[-1])},
        "description": _(
            "Diagram batang omzet per bulan; %(count)s dari %(total)s bulan dilaporkan. Tertinggi %(omzet)s pada %(month)s. "
            "Angka lengkapnya ada di tabel riwayat di bawah."
        ) % {"count": len(shown), "total": CHART_MONTHS, "omzet": format_rupiah(highest), "month": month_label(best)},
    }
