"""Hooks for django-axes (failed-login throttling), named in settings."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render

# Axes' own default status for a locked-out login: "429 Too Many Requests".
LOCKOUT_STATUS = 429


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page a locked-out login gets, saying how long to wait."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "wait_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "accounts/locked_out.html", context, status=LOCKOUT_STATUS)


def client_str(username, ip_address, user_agent, path_info, request=None):
    """AXES_CLIENT_STR_CALLABLE: how axes names a client in its log lines. Only the page:
    an owner's email and IP address stay out of the logs (they remain in axes' own table)."""
    return f"path {path_info[0] if isinstance(path_info, (list, tuple)) else path_info}"
