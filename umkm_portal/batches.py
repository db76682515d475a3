"""Working through many keys or rows a bounded batch at a time."""

import json
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
    """`keys` as lists for one_of() lookups: all in one list on PostgreSQL, where one_of() sends
    them as a single parameter; chunks of IN_QUERY_SIZE elsewhere (SQLite's parameter limit)."""
    if connection.vendor == "postgresql":
        keys = list(keys)
        return [keys] if keys else []
    return chunked(keys)


# On PostgreSQL the values travel as one JSON text, read back into rows by the server: Django's
# `__in` binds a parameter per value, which psycopg quotes one by one in Python (most of a registry
# import's lookup time with 900-value chunks), and so does psycopg's list parameter (12 ms for
# 2,000 strings, where json.dumps takes a tenth of a millisecond).


def _element_type(expression, connection):
    """The SQL type to read values for `expression` as: its column's without a length, since a
    cast to varchar(13) would cut a longer value down to one that matches."""
    return expression.output_field.db_type(connection).split("(")[0]


class _AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = f"SELECT value::{_element_type(self.lhs, connection)} FROM json_array_elements_text(%s::json)"
        return f"{lhs} = ANY(ARRAY({values}))", [*params, json.dumps(self.rhs)]


class _RowOf(Lookup):
    lookup_name = "row_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        columns, values, params = [], [], []
        for index, expression in enumerate(self.lhs.get_source_expressions()):
            sql, sql_params = compiler.compile(expression)
            columns.append(sql)
            params += sql_params
            values.append(f"(value->>{index})::{_element_type(expression, connection)}")
        rows = f"SELECT {', '.join(values)} FROM json_array_elements(%s::json)"
        return f"({', '.join(columns)}) IN ({rows})", [*params, json.dumps(self.rhs)]


def one_of(field, values):
    """A filter() condition: `field` equals one of `values` (strings or integers, a chunk of
    lookup_chunks()): one parameter on PostgreSQL however many values, `field__in` elsewhere."""
    if connection.vendor == "postgresql":
        return _AnyOf(F(field), list(values))
    return Q(**{f"{field}__in": values})


def one_of_rows(fields, rows):
    """A filter() condition: the values of `fields` are one of `rows` (tuples of strings or
    integers, a chunk of lookup_chunks()). On PostgreSQL exactly those rows, as one parameter;
    elsewhere each field `__in` the values it takes, which lets other combinations through: the
    caller keeps only the rows it asked for."""
    rows = list(rows)
    if connection.vendor == "postgresql":
        return _RowOf(ExpressionList(*map(F, fields)), rows)
    return Q(**{f"{field}__in": {row[index] for row in rows} for index, field in enumerate(fields)})
