"""Owners reporting their monthly omzet (private: only they and staff of the region see it)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import TurnoverReport
from umkm_portal.months import month_label, month_shift

# Owners report the current month and the months before it, back this many years.
TURNOVER_YEARS_BACK = 5
# Monthly omzet above this is a typing slip (an extra 000): a menengah business sells at most
# Rp 50 miliar a year (PP 7/2021).
TURNOVER_MAX_OMZET = 1_000_000_000_000


def turnover_months(business, *, today=None):
    """(earliest, latest) month an owner may report for `business`: from 5 years back, or
    January of its founding year when later, up to the current month (first days of months)."""
    latest = (today or timezone.localdate()).replace(day=1)
    earliest = month_shift(latest, -12 * TURNOVER_YEARS_BACK)
    if business.founded_year and business.founded_year > earliest.year:
        earliest = datetime.date(business.founded_year, 1, 1)
    return earliest, latest


def turnover_month_error(business, month, *, today=None):
    """Why `month` cannot be reported for `business`, or None when it can."""
    latest = (today or timezone.localdate()).replace(day=1)
    earliest_allowed = month_shift(latest, -12 * TURNOVER_YEARS_BACK)
    if month > latest:
        return _("%(month)s belum tiba: laporkan bulan ini atau bulan yang sudah lewat.") % {"month": month_label(month)}
    if business.founded_year and month.year < business.founded_year:
        return _("%(month)s sebelum usaha ini berdiri (tahun %(year)s).") % {
            "month": month_label(month), "year": business.founded_year,
        }
    if month < earliest_allowed:
        return _("Laporan omzet hanya untuk %(years)s tahun terakhir: paling lama %(month)s.") % {
            "years": TURNOVER_YEARS_BACK, "month": month_label(earliest_allowed),
        }
    return None


def turnover_report_save(*, business, month, omzet, transactions=None, workers=None, today=None):
    """Store an owner's omzet of `month` (a first of month) for `business`; a month reported
    before is updated (one report per business and month). Raises ValidationError (by field)
    for a month that cannot be reported or a value out of range. Returns (report, created)."""
    error = turnover_month_error(business, month, today=today)
    if error:
        raise ValidationError({"month": error})
    if omzet > TURNOVER_MAX_OMZET:
        raise ValidationError({"omzet": _("Omzet sebulan lebih dari Rp 1 triliun: periksa jumlah angka nolnya.")})
    report = TurnoverReport(business=business, month=month, omzet=omzet, transactions=transactions, workers=workers)
    report.full_clean(validate_unique=False, validate_constraints=False)  # the unique month is the update below
    with transaction.atomic():
        return TurnoverReport.objects.update_or_create(
            business=business, month=month,
            defaults={"omzet": omzet, "transactions": transactions, "workers": workers},
        )
