"""The portal's own pages: about, privacy, terms, safe-buying tips. Their facts (how long what is
kept, the limits) come from settings, so the pages stay true to the code when a setting changes.
GET and HEAD (uptime monitors ask HEAD)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from umkm_portal.caching import public_page


def _hours(delta):
    return int(delta.total_seconds() // 3600)


@require_safe
@public_page
def about(request):
    """/tentang/: who runs the portal, what it is for, how to reach the dinas."""
    return render(request, "catalog/pages/about.html")


@require_safe
@public_page
def privacy(request):
    """/kebijakan-privasi/: what personal data the portal keeps, why, for how long, who sees it."""
    return render(request, "catalog/pages/privacy.html", {
        "import_retention_days": settings.IMPORT_RETENTION_DAYS,
        "login_failure_limit": settings.AXES_FAILURE_LIMIT,
        "login_cooloff_hours": _hours(settings.AXES_COOLOFF_TIME),
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "reports_per_hour": settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP,
    })


@require_safe
@public_page
def terms(request):
    """/syarat-penggunaan/: the terms of use for buyers, owners and staff."""
    return render(request, "catalog/pages/terms.html")


@require_safe
@public_page
def safety_tips(request):
    """/tips-aman/: how to buy safely from a seller found here."""
    return render(request, "catalog/pages/safety_tips.html")
