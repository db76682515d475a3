"""The two dinas staff roles: auth groups with the model permissions each needs, and
keeping a user's groups in line with their StaffProfile (staff.scope says which regions)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from staff.scope import forget_staff_scope

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
    # Saved column formats of the import (made on the preview page): seen and removed by any staff.
    ("registry", "importformat"): ["view", "delete"],
    # Owner workspace: decide claim/registration requests, issue claim links, read and
    # revert the history of owner edits ("change" is the revert).
    ("owners", "claimrequest"): ["view", "change"],
    ("owners", "claimlink"): ["view", "add"],
    ("owners", "changerecord"): ["view", "change"],
    # Visitors' reports on listings: read and marked handled with a note ("change").
    ("feedback", "report"): ["view", "change"],
    # Reference data behind the autocomplete fields of the business form (the admin's
    # autocomplete answers only users who may view the related model).
    ("directory", "kbli"): ["view"],
    ("regions", "district"): ["view"],
    ("regions", "village"): ["view"],
}
PROVINCIAL_EXTRA_PERMISSIONS = {
    ("staff", "staffprofile"): ["view", "change"],
}


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
