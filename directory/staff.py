"""Dinas staff: which kabupaten/kota a user may manage, and the two staff roles.

staff_scope(user) is the one rule every staff-facing path asks (the admin lists and
forms, exports, the registry import). Kabupaten/kota staff manage only the regions on
their StaffProfile; provincial staff and superusers manage all of them; anyone else
manages nothing."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import StaffProfile
from regions.models import Regency

PROVINCIAL_GROUP = "Staf dinas provinsi"
REGENCY_GROUP = "Staf dinas kabupaten/kota"

# Model permissions of both roles, per app and model. Neither role deletes a business:
# staff mark it "Tidak aktif" instead, so the registry keeps every record.
STAFF_PERMISSIONS = {
    ("directory", "business"): ["view", "add", "change"],
    ("directory", "certification"): ["view", "add", "change"],
    ("directory", "businessprivate"): ["view", "add", "change"],
    ("directory", "turnoverreport"): ["view"],
    ("directory", "businessphoto"): ["view", "delete"],
    # Owners on the portal: seen on the business page, removed when a claim was wrong.
    ("directory", "ownership"): ["view", "delete"],
    ("catalog", "product"): ["view", "add", "change"],
    ("catalog", "productphoto"): ["view", "delete"],
    ("registry", "importjob"): ["view", "add"],
    # Owner workspace: decide claim/registration requests, issue claim links, read and
    # revert the history of owner edits ("change" is the revert).
    ("owners", "claimrequest"): ["view", "change"],
    ("owners", "claimlink"): ["view", "add"],
    ("owners", "changerecord"): ["view", "change"],
    # Reference data behind the autocomplete fields of the business form (the admin's
    # autocomplete answers only users who may view the related model).
    ("directory", "kbli"): ["view"],
    ("regions", "district"): ["view"],
    ("regions", "village"): ["view"],
}
PROVINCIAL_EXTRA_PERMISSIONS = {
    ("directory", "staffprofile"): ["view", "change"],
}

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


# ---------------------------------------------------------------------------- roles


def ensure_staff_groups():
    """Create or refresh the two staff groups with their permissions (idempotent: a group's
    permissions are reset to the lists above). Returns the "app.codename" of permissions that
    do not exist (yet): a model whose app is not migrated is skipped rather than stopping the caller."""
    regency_permissions, missing = _permissions(STAFF_PERMISSIONS)
    extra_permissions, extra_missing = _permissions(PROVINCIAL_EXTRA_PERMISSIONS)
    with transaction.atomic():
        for name, permissions in (
            (REGENCY_GROUP, regency_permissions),
            (PROVINCIAL_GROUP, regency_permissions + extra_permissions),
        ):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
    return sorted(missing + extra_missing)


def _permissions(table):
    """(the Permission rows named by `table`, the "app.codename" of those that do not exist)."""
    wanted = {(app_label, f"{action}_{model}") for (app_label, model), actions in table.items() for action in actions}
    condition = Q(pk__in=[])
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(condition).select_related("content_type"))
    present = {(permission.content_type.app_label, permission.codename) for permission in found}
    return found, [f"{app_label}.{codename}" for app_label, codename in wanted - present]


def staff_assign_role(*, profile):
    """Make the user match their StaffProfile: staff status, and exactly one of the two
    staff groups (provincial or kabupaten/kota). Returns the missing permissions, if any."""
    missing = ensure_staff_groups()
    user = profile.user
    wanted = PROVINCIAL_GROUP if profile.is_provincial else REGENCY_GROUP
    groups = {group.name: group for group in Group.objects.filter(name__in=[PROVINCIAL_GROUP, REGENCY_GROUP])}
    with transaction.atomic():
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.remove(*[group for name, group in groups.items() if name != wanted])
        user.groups.add(groups[wanted])
    forget_staff_scope(user)
    return missing


def staff_revoke_role(*, user):
    """The user is no longer dinas staff (their StaffProfile was removed): out of both staff groups."""
    user.groups.remove(*Group.objects.filter(name__in=[PROVINCIAL_GROUP, REGENCY_GROUP]))
    forget_staff_scope(user)
