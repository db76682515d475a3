"""The history of owner edits (owners.models.ChangeRecord) that staff read and revert in the
back office (owners.services.revert). Every edit of a listing goes through save_with_history,
or records itself with record_change, so the history is complete whichever page made it."""

import datetime

from django.utils.translation import gettext as _

from owners.models import ChangeRecord


def stored_value(value):
    """A model value as JSON can keep it."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def readable_value(instance, field_name, value):
    """`value` of `field_name` as people read it: the related object's name, a choice's label."""
    field = instance._meta.get_field(field_name)
    if value in (None, ""):
        return ""
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return str(value)


def save_with_history(instance, *, fields, user, business, subject, product=None, action=ChangeRecord.Action.UPDATE, revert_of=None):
    """Save `instance` (already changed in memory, e.g. by a ModelForm) and record which of
    `fields` changed against the stored row. Returns the ChangeRecord, or None when nothing
    changed (and then nothing is written). Call inside a transaction."""
    model = type(instance)
    attnames = {name: model._meta.get_field(name).attname for name in fields}
    stored = model.objects.filter(pk=instance.pk).values(*attnames.values()).get()
    changes = []
    for name, attname in attnames.items():
        old, new = stored[attname], getattr(instance, attname)
        if stored_value(old) != stored_value(new):
            changes.append({
                "field": name, "old": stored_value(old), "new": stored_value(new),
                "old_text": readable_value(instance, name, old), "new_text": readable_value(instance, name, new),
            })
    if not changes:
        return None
    update_fields = [change["field"] for change in changes]
    if any(f.name == "updated_at" for f in model._meta.fields):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)
    return ChangeRecord.objects.create(
        business=business, product=product, subject=subject, subject_label=str(instance)[:200],
        action=action, changes=changes, user=user, revert_of=revert_of,
    )


def record_change(*, business, user, subject, action, label, changes=(), product=None):
    """A history entry for a change that is not a field edit (a photo added, a product deleted)."""
    return ChangeRecord.objects.create(
        business=business, product=product, subject=subject, subject_label=str(label)[:200],
        action=action, changes=list(changes), user=user,
    )


