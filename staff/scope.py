"""Which kabupaten/kota a user may manage.

staff_scope(user) is the one rule every staff-facing path asks (the admin lists and
forms, exports, the registry import). Kabupaten/kota staff manage only the regions on
their StaffProfile; provincial staff and superusers manage all of them; anyone else
manages nothing. The two staff roles (groups and their permissions) are staff.roles."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from regions.models import Regency
from staff.models import StaffProfile

_CACHE_ATTRIBUTE = "_staff_scope_cache"


@dataclass(frozen=True)
class StaffScope:
    """The kabupaten/kota a user may manage. `regency_codes` is empty both for provincial
    staff (all regions) and for everyone else (none): ask `is_provincial` to tell them apart."""

    is_provincial: bool = False
    regency_codes: frozenset = frozenset()
    # code → name of the assigned regions, for messages and filter choices without a query.
    regency_names: dict = field(default_factory=dict, compare=False)

    @property
    def is_staff_member(self):
        """Whether this user may manage at least one kabupaten/kota."""
        return self.is_provincial or bool(self.regency_codes)

    def allows(self, regency_code):
        return self.is_provincial or regency_code in self.regency_codes

    def filter(self, queryset, field="regency"):
        """`queryset` limited to this scope; `field` is the path to the kabupaten/kota
        (e.g. "business__regency", or "code" for a Regency queryset)."""
        if self.is_provincial:
            return queryset
        if not self.regency_codes:
            return queryset.none()
        return queryset.filter(**{f"{field}__in": sorted(self.regency_codes)})

    def regencies(self):
        """The kabupaten/kota of the portal's province this user may choose."""
        return self.filter(Regency.objects.in_portal(), field="code")

    def describe(self):
        """The regions in words, for messages: "Kota Palembang, Kabupaten Ogan Komering Ilir"."""
        if self.is_provincial:
            return _("semua kabupaten/kota")
        return ", ".join(name for _code, name in sorted(self.regency_names.items())) or _("(belum ada wilayah)")


NO_SCOPE = StaffScope()
PROVINCIAL_SCOPE = StaffScope(is_provincial=True)


def staff_scope(user):
    """The scope of `user`, read once (one query) and kept on the user object, so every
    later call during the same request costs nothing."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = _read_scope(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def _read_scope(user):
    if not (user.is_authenticated and user.is_active):
        return NO_SCOPE
    if user.is_superuser:
        return PROVINCIAL_SCOPE
    if not user.is_staff:
        return NO_SCOPE
    # One row per assigned regency (one row of NULLs when none): the profile and its regions in one query.
    rows = list(
        StaffProfile.objects.filter(user=user).values_list("is_provincial", "regencies__code", "regencies__name")
    )
    if not rows:
        return NO_SCOPE
    if rows[0][0]:
        return PROVINCIAL_SCOPE
    names = {code: name for _provincial, code, name in rows if code}
    return StaffScope(regency_codes=frozenset(names), regency_names=names)


def forget_staff_scope(user):
    """Drop the cached scope, after the user's StaffProfile changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
