"""Working through many keys or rows a bounded batch at a time."""

from itertools import islice

from django.db import connection
from django.db.models import ExpressionList, F, Q
from django.db.models.lookups import Lookup

# Keys per `IN (...)` query: under SQLite's bound-parameter limit, and short enough for PostgreSQL's planner.
IN_QUERY_SIZE = 900


def chunked(items, size=IN_QUERY_SIZE):
    """Lists of at most `size` items from any iterable, lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def lookup_chunks(keys):
    """`keys` as lists for one_of() lookups: all in one list on PostgreSQL, where one_of() sends a
    single array parameter; chunks of IN_QUERY_SIZE elsewhere (SQLite's parameter limit)."""
    if connection.vendor == "postgresql":
        keys = list(keys)
        return [keys] if keys else []
    return chunked(keys)


class _AnyOf(Lookup):
    """`column = ANY(%s)`, the values as one array (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


class _RowOf(Lookup):
    """`(column, column …) IN (SELECT * FROM unnest(%s::type[], …))`, one array per column (PostgreSQL)."""

    lookup_name = "row_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        columns, arrays, params = [], [], []
        for expression in self.lhs.get_source_expressions():
            sql, sql_params = compiler.compile(expression)
            columns.append(sql)
            params += sql_params
            arrays.append(f"%s::{expression.output_field.db_type(connection)}[]")
        params += [list(values) for values in zip(*self.rhs)]
        return f"({', '.join(columns)}) IN (SELECT * FROM unnest({', '.join(arrays)}))", params


def one_of(field, values):
    """A filter() condition: `field` equals one of `values` (a chunk of lookup_chunks()). On
    PostgreSQL `field = ANY(%s)` with the values as one array: Django's `__in` binds one
    parameter per value, and psycopg parses and quotes a 900-parameter query in Python, which
    was most of a registry import's lookup time. Elsewhere `field__in`."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), list(values))
    return Q(**{f"{field}__in": values})


def one_of_rows(fields, rows):
    """A filter() condition: the values of `fields` are one of `rows` (tuples, a chunk of
    lookup_chunks()). On PostgreSQL exactly those rows, one array per field; elsewhere each
    field `__in` the values it takes, which lets other combinations through: the caller keeps
    only the rows it asked for."""
    rows = list(rows)
    if connection.vendor == "postgresql":
        return _RowOf(ExpressionList(*map(F, fields)), rows)
    return Q(**{f"{field}__in": {row[index] for row in rows} for index, field in enumerate(fields)})
