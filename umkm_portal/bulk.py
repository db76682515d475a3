"""Inserting many new rows fast: PostgreSQL COPY, bulk_create elsewhere.

Django's bulk_create spends most of its time preparing each value of each object and
building one large statement; for a 100,000-row registry import that alone exceeded the
10,000 rows/s commit target. COPY streams the rows instead. Ids come from the table's
sequence in one query, so the objects have their primary keys afterwards, as with
bulk_create."""

import json

from django.db import connection
from django.db.models.fields.files import FieldFile

BULK_CREATE_BATCH = 1000


def insert_objects(model, objects):
    """Insert unsaved instances of `model` (an auto primary key, no multi-table inheritance)
    and set their ids. Runs inside the caller's transaction."""
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=BULK_CREATE_BATCH)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key or not field.auto_created]
    auto_pk = meta.pk.auto_created or meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    if auto_pk and meta.pk not in fields:
        fields.insert(0, meta.pk)
    with connection.cursor() as cursor:
        if auto_pk:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(objects)],
            )
            for obj, (pk,) in zip(objects, cursor.fetchall()):
                obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([_value(field, obj) for field in fields])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects


def _value(field, obj):
    value = field.pre_save(obj, add=True)  # auto_now, auto_now_add and defaults as save() would
    if isinstance(value, FieldFile):
        return value.name or ""
    if value is not None and field.get_internal_type() == "JSONField":
        return json.dumps(value, cls=field.encoder)
    return value


def insert_rows(model, columns, rows):
    """Insert rows given as tuples of values for `columns` (attribute names, e.g. "regency_id");
    every other column takes its default, evaluated once (timestamps: the same moment for
    all). Returns the new primary keys, in order. Skips building model instances on
    PostgreSQL: for a 100,000-row import that was most of the commit's Python time."""
    rows = list(rows)
    if not rows:
        return []
    meta = model._meta
    given = set(columns)
    defaults = {}
    for field in meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            from django.utils import timezone  # noqa: PLC0415

            defaults[field.attname] = timezone.now()
        else:
            defaults[field.attname] = _plain(field.get_default())
    if connection.vendor != "postgresql":
        ids = []
        for start in range(0, len(rows), BULK_CREATE_BATCH):  # a batch of instances at a time: memory
            objects = [model(**dict(zip(columns, row)), **defaults) for row in rows[start:start + BULK_CREATE_BATCH]]
            model.objects.bulk_create(objects)
            ids += [obj.pk for obj in objects]
        return ids
    pk_given = meta.pk.attname in given  # e.g. BusinessPrivate, whose key is its business
    with connection.cursor() as cursor:
        if pk_given:
            ids = [row[columns.index(meta.pk.attname)] for row in rows]
        else:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        extra = list(defaults.values())
        names = [*([] if pk_given else [meta.pk.column]), *(
            meta.get_field(_field_name(meta, c)).column for c in [*columns, *defaults]
        )]
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({', '.join(map(connection.ops.quote_name, names))}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for pk, row in zip(ids, rows):
                copy.write_row((*row, *extra) if pk_given else (pk, *row, *extra))
    return ids


def _field_name(meta, attname):
    for field in meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise LookupError(attname)


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    return value
