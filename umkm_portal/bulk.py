"""Inserting many new rows fast: PostgreSQL COPY, batched inserts elsewhere.

Django's bulk_create spends most of its time preparing each value of each object and
building one large statement; for a 100,000-row registry import that alone exceeded the
10,000 rows/s commit target. COPY streams the rows instead (write_rows, the one COPY
writer: the registry import and the demo's provincial-scale load both use it). Ids come
from the table's sequence in one query, so the objects have their primary keys afterwards,
as with bulk_create."""

import json

from django.db import connection
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from umkm_portal.batches import chunked

BULK_CREATE_BATCH = 1000
# Rows per executemany() where there is no COPY (SQLite): cheap without a server round trip.
EXECUTEMANY_BATCH = 10_000


def write_rows(table, columns, rows):
    """Stream `rows` (tuples of values for the column names `columns`, keys included) into
    `table`, inside the caller's transaction: COPY on PostgreSQL, executemany in batches
    elsewhere. Values go in as they are: no defaults, no conversion."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for batch in chunked(rows, EXECUTEMANY_BATCH):
            cursor.executemany(sql, batch)


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
    if auto_pk:
        for obj, pk in zip(objects, _next_ids(meta, len(objects))):
            obj.pk = pk
    write_rows(meta.db_table, [field.column for field in fields], ([_value(field, obj) for field in fields] for obj in objects))
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


def insert_rows(model, columns, rows, *, count=None):
    """Insert rows given as tuples of values for `columns` (attribute names, e.g. "regency_id");
    every other column takes its default, evaluated once (timestamps: the same moment for
    all). Returns the new primary keys, in order. Skips building model instances on
    PostgreSQL: for a 100,000-row import that was most of the commit's Python time.

    `rows` may be a generator, streamed into the table and never held whole, when the
    primary key is among `columns` or `count` says how many rows it yields (the keys are
    drawn before the rows are written); otherwise it is read into a list first."""
    meta = model._meta
    pk_given = meta.pk.attname in columns  # e.g. BusinessPrivate, whose key is its business
    if isinstance(rows, (list, tuple)):
        count = len(rows)
    elif count is None and not pk_given:
        rows = list(rows)
        count = len(rows)
    if count == 0:
        return []
    given = set(columns)
    defaults = {}
    for field in meta.concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = timezone.now()
        else:
            defaults[field.attname] = _plain(field.get_default())
    if connection.vendor != "postgresql":
        ids = []
        for batch in chunked(rows, BULK_CREATE_BATCH):  # a batch of instances at a time: memory
            objects = [model(**dict(zip(columns, row)), **defaults) for row in batch]
            model.objects.bulk_create(objects)
            ids += [obj.pk for obj in objects]
        return ids
    extra = tuple(defaults.values())
    names = [*([] if pk_given else [meta.pk.column]), *(
        meta.get_field(_field_name(meta, c)).column for c in [*columns, *defaults]
    )]
    if pk_given:
        key = columns.index(meta.pk.attname)
        ids = []

        def keyed_rows():
            for row in rows:
                ids.append(row[key])
                yield (*row, *extra)

        write_rows(meta.db_table, names, keyed_rows())
        return ids
    ids = _next_ids(meta, count)
    write_rows(meta.db_table, names, ((pk, *row, *extra) for pk, row in zip(ids, rows, strict=True)))
    return ids


def _next_ids(meta, count):
    """`count` new primary keys from the table's sequence, in one query (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def _field_name(meta, attname):
    for field in meta.concrete_fields:
        if field.attname == attname:
            return field.name
    raise LookupError(attname)


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    return value
