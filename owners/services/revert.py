"""Staff undoing an owner's edit from the history (the back office's "Kembalikan")."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Business, Certification
from owners.models import ChangeRecord
from owners.services.history import stored_value
from owners.services.listing import business_update, certificate_state, certification_set
from owners.services.products import product_update


def _current_values(record, *, lock=False):
    """What the fields `record` changed hold now, in the form record.changes keeps them (a
    certificate as its number and expiry). Returns (the business or product, None for a
    certificate; {field: value now}). lock=True locks the rows until the transaction ends."""
    fields = [change["field"] for change in record.changes]
    if record.subject == ChangeRecord.Subject.CERTIFICATION:
        certificates = Certification.objects.filter(business_id=record.business_id, kind__in=fields)
        by_kind = {c.kind: c for c in (certificates.select_for_update() if lock else certificates)}
        return None, {kind: certificate_state(by_kind.get(kind)) for kind in fields}
    if record.subject == ChangeRecord.Subject.PRODUCT:
        model, pk = ChangeRecord.product.field.related_model, record.product_id
    else:
        model, pk = Business, record.business_id
    instance = (model.objects.select_for_update() if lock else model.objects).get(pk=pk)
    return instance, {name: stored_value(getattr(instance, instance._meta.get_field(name).attname)) for name in fields}


def change_fields_changed_since(record):
    """The fields `record` changed that hold another value by now: a revert leaves them as they are."""
    _instance, current = _current_values(record)
    return {change["field"] for change in record.changes if current[change["field"]] != change["new"]}


def change_revert(*, record, user):
    """Undo an edit: every field still holding the value the edit gave it goes back to the
    value before, through the same flows as an owner's edit (a REVERT record, listing columns
    and counts follow). A field changed again since is left as it is and reported.
    Returns (reverted field names, skipped field names). When every field changed again,
    nothing is written and the record stays revertible. Raises ValidationError when the
    record cannot be reverted (already reverted, a photo, a new or deleted product)."""
    with transaction.atomic():
        record = ChangeRecord.objects.select_for_update().get(pk=record.pk)
        if record.reverted_at is not None:
            raise ValidationError(_("Perubahan ini sudah dikembalikan."), code="reverted")
        if not record.is_revertible:
            raise ValidationError(_("Perubahan ini tidak bisa dikembalikan."), code="not_revertible")
        instance, current = _current_values(record, lock=True)
        reverted = [change for change in record.changes if current[change["field"]] == change["new"]]
        skipped = [change["field"] for change in record.changes if current[change["field"]] != change["new"]]
        if not reverted:
            return [], skipped
        if record.subject == ChangeRecord.Subject.CERTIFICATION:
            for change in reverted:
                old = change["old"]
                certification_set(
                    business=record.business, user=user, kind=change["field"], remove=old is None,
                    number=(old or {}).get("number", ""),
                    expires_on=datetime.date.fromisoformat(old["expires_on"]) if old and old["expires_on"] else None,
                    action=ChangeRecord.Action.REVERT, revert_of=record,
                )
        else:
            for change in reverted:
                field = instance._meta.get_field(change["field"])
                old = change["old"]
                if old is not None and isinstance(field, DateField):
                    old = datetime.date.fromisoformat(old)
                setattr(instance, field.attname, old)
            names = [change["field"] for change in reverted]
            if record.subject == ChangeRecord.Subject.PRODUCT:
                product_update(product=instance, user=user, fields=names, action=ChangeRecord.Action.REVERT, revert_of=record)
            else:
                business_update(business=instance, user=user, fields=names, action=ChangeRecord.Action.REVERT, revert_of=record)
        record.reverted_at, record.reverted_by = timezone.now(), user
        record.save(update_fields=["reverted_at", "reverted_by"])
    return [change["field"] for change in reverted], skipped


