"""The visitor's IP address: REMOTE_ADDR when the app faces visitors, else the address the
outermost of TRUSTED_PROXY_COUNT reverse proxies saw (each appends its peer to
X-Forwarded-For; anything further left was written by the client and proves nothing).
django-axes (AXES_CLIENT_IP_CALLABLE) and the report throttle (feedback) both ask it."""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        # Fewer hops than proxies: the request did not come through all of them; trust none.
        if len(hops) >= count and _is_ip(hops[-count]):
            return hops[-count]
    return remote


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
