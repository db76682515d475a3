"""Back-office addresses beside the admin site's own (umkm_portal.urls mounts both at /admin/)."""

from django.http import HttpResponsePermanentRedirect
from django.urls import re_path


def staff_profile_moved(request, rest):
    """Staff profiles moved from the directory app to the staff app, and their admin pages
    with them: old bookmarks land on the same page at its new address."""
    new_path = request.path.replace("/admin/directory/staffprofile/", "/admin/staff/staffprofile/", 1)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(new_path + (f"?{query}" if query else ""))


urlpatterns = [
    re_path(r"^directory/staffprofile/(?P<rest>.*)$", staff_profile_moved),
]
