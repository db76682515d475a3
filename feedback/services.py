"""Writing visitors' reports: one per form sent, a few per address and per listing an hour.

The counts are read from the reports table itself, so every app server and worker process sees
the same ones (a per-process cache would let each of four gunicorn workers allow its own five)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback.models import Report
from umkm_portal.hashing import keyed_hash

WINDOW = datetime.timedelta(hours=1)


class ReportThrottled(Exception):
    """Too many reports of the last hour, from this address or on this listing."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def report_create(*, business, product=None, reason, message, contact="", ip_address, form_token):
    """Store a report on `business` (or on its `product`) unless this form, or the same report
    from the same address within the hour, was stored already: then that one is returned. Raises
    ReportThrottled past FEEDBACK_REPORTS_PER_HOUR_PER_IP reports of this address, or
    FEEDBACK_REPORTS_PER_HOUR_PER_LISTING reports on this business, in the last hour."""
    key = keyed_hash(ip_address)
    since = timezone.now() - WINDOW
    existing = Report.objects.filter(form_token=form_token).first() or Report.objects.filter(
        client_key=key, business=business, product=product, reason=reason, message=message, created_at__gte=since
    ).first()
    if existing:
        return existing
    if Report.objects.filter(client_key=key, created_at__gte=since).count() >= settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP:
        raise ReportThrottled(_(
            "Anda sudah mengirim %(n)d laporan dalam satu jam terakhir. Coba lagi nanti, atau hubungi dinas langsung."
        ) % {"n": settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP})
    if Report.objects.filter(business=business, created_at__gte=since).count() >= settings.FEEDBACK_REPORTS_PER_HOUR_PER_LISTING:
        raise ReportThrottled(_(
            "Usaha ini sudah banyak dilaporkan dalam satu jam terakhir dan sedang diperiksa staf dinas. "
            "Coba lagi nanti, atau hubungi dinas langsung."
        ))
    try:
        with transaction.atomic():
            return Report.objects.create(
                business=business, product=product, reason=reason, message=message, contact=contact,
                client_key=key, form_token=form_token,
            )
    except IntegrityError:  # the same form sent twice at once: the other request stored it
        return Report.objects.get(form_token=form_token)


def report_mark_handled(*, report, staff, note):
    """Staff close a report with a note of what they checked and did."""
    report.status, report.staff_note = Report.Status.HANDLED, note
    report.handled_at, report.handled_by = timezone.now(), staff
    report.save(update_fields=["status", "staff_note", "handled_at", "handled_by"])
    return report
