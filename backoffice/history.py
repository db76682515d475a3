"""The history of owner edits in the staff admin ("Riwayat perubahan"): read-only, scoped to the
staff member's kabupaten/kota like every staff list, with a revert button on each edit that can
be undone. The revert needs the change permission on ChangeRecord (staff.roles grants it to
both staff roles); viewing needs the view permission."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Product
from directory.models import Business, Certification
from owners.models import ChangeRecord
from owners.services.revert import change_fields_changed_since, change_revert
from staff.admin_tools import RegencyListFilter, RegionScopedAdmin

_SUBJECT_MODELS = {ChangeRecord.Subject.BUSINESS: Business, ChangeRecord.Subject.PRODUCT: Product}
# Entries that are not model fields (owners.services' photo flows), or whose field has no good name.
_OTHER_LABELS = {
    "photo": gettext_lazy("foto"), "photos": gettext_lazy("foto"), "logo": gettext_lazy("logo"),
    "cover": gettext_lazy("foto sampul"),
}


def field_label(record, field_name):
    """The name people know a changed field by ("kecamatan", "Halal"), without a query."""
    if record.subject == ChangeRecord.Subject.CERTIFICATION and field_name in Certification.Kind.values:
        return str(Certification.Kind(field_name).label)
    if field_name in _OTHER_LABELS:
        return str(_OTHER_LABELS[field_name])
    try:
        return str(_SUBJECT_MODELS[record.subject]._meta.get_field(field_name).verbose_name)
    except (KeyError, FieldDoesNotExist, AttributeError):  # a field renamed or removed since, a relation
        return field_name


def field_labels(record, field_names):
    return ", ".join(field_label(record, name) for name in field_names)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(RegionScopedAdmin):
    regency_path = "business__regency"
    list_display = ["created_at", "business", "subject", "subject_label", "action", "user_email", "changed_fields", "reverted"]
    list_select_related = ["business", "user"]
    list_filter = ["subject", "action", RegencyListFilter]
    search_fields = ["business__name", "subject_label"]
    show_full_result_count = False

    # Records are written only by the owners' flows (owners.services); staff read and revert.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("oleh"), ordering="user__email")
    def user_email(self, record):
        return record.user.email if record.user else "—"

    @admin.display(description=gettext_lazy("yang berubah"))
    def changed_fields(self, record):
        return field_labels(record, [change["field"] for change in record.changes]) or "—"

    @admin.display(description=gettext_lazy("dikembalikan?"), boolean=True)
    def reverted(self, record):
        return record.reverted_at is not None

    def get_urls(self):
        own = [
            path(
                "<path:object_id>/kembalikan/", self.admin_site.admin_view(self.revert_view),
                name="owners_changerecord_revert",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The record as an old → new table, with the revert button when it can be undone.
        No form: nothing of a record is edited by hand."""
        record = self.get_object(request, unquote(object_id))  # 404 outside the staff member's regions
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        can_revert = record.is_revertible and self.has_change_permission(request, record)
        changed_since = change_fields_changed_since(record) if can_revert else set()
        rows = [
            {
                "label": field_label(record, change["field"]),
                "old_text": change.get("old_text", ""),
                "new_text": change.get("new_text", ""),
                "changed_since": change["field"] in changed_since,
            }
            for change in record.changes
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": str(record),
            "subtitle": None,
            "opts": self.model._meta,
            "record": record,
            "rows": rows,
            "can_revert": can_revert,
            "nothing_to_revert": can_revert and bool(rows) and all(row["changed_since"] for row in rows),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/owners/changerecord/detail.html", context)

    def revert_view(self, request, object_id):
        """POST: undo the record's edit (owners.services.revert.change_revert), then back to the record
        with what was reverted and what was left because it changed again since."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        try:
            reverted, skipped = change_revert(record=record, user=request.user)
        except ValidationError as error:
            reason = " ".join(error.messages)
            if getattr(error, "code", None) not in ("reverted", "not_revertible"):
                # The old values do not fit with what changed since (a price range, a kecamatan).
                reason = _("Tidak ada yang dikembalikan: hasilnya tidak sah (%(reason)s).") % {"reason": reason.rstrip(".")}
            messages.error(request, reason)
            return redirect("admin:owners_changerecord_change", record.pk)
        if reverted:
            messages.success(request, _("Dikembalikan ke nilai sebelumnya: %(fields)s.") % {"fields": field_labels(record, reverted)})
        if skipped:
            messages.warning(request, _("Tidak dikembalikan karena sudah diubah lagi sejak perubahan ini: %(fields)s.") % {
                "fields": field_labels(record, skipped),
            })
        return redirect("admin:owners_changerecord_change", record.pk)
