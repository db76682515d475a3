"""Keyset ("seek") pagination: a page is "the next n rows after this row in
this order", found through the index in constant time however deep the page,
where OFFSET would read and throw away every earlier row.

A cursor is the sort key of a page's last (or first) row, base64-encoded into
the query string, so links keep every filter and need no server-side state."""

import base64
import bisect
import json
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import Lookup


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False
    nullable: bool = False
    type: type = int
    # A key of a few known values, each with the condition that selects its rows, in page order
    # (((3, Q(...)), (2, Q(...)), (1, Q())): a search's relevance level), first of two keys, the
    # second the id. The levels order the newest `window` rows only: ordering every match of a
    # common word would read all of them on every page (see _levelled_page).
    levels: tuple = ()
    window: int = 1000
    window_floor: int | None = None  # rank only rows of at least this id (the rest are level 0)


@dataclass(frozen=True)
class Ordering:
    """An ordering over unique keys: the last key must be unique (the id).

    `within`: fields the query holds to one value each (with `held_to()`), sorted first so that
    an index leading with them serves the order; the cursor leaves them out."""

    keys: tuple
    within: tuple = ()

    def held_within(self, *fields):
        """This ordering, sorted first by `fields`, which the query holds to one value each."""
        return replace(self, within=fields)

    def order_by(self, reverse=False):
        descending = self.keys[0].descending != reverse
        terms = [F(field).desc() if descending else F(field).asc() for field in self.within]
        for key in self.keys:
            descending = key.descending != reverse
            expression = F(key.field).desc() if descending else F(key.field).asc()
            if key.nullable:
                # NULLs sort after every value going forward, before them going back.
                expression = F(key.field).desc(nulls_first=True) if descending else F(key.field).asc(nulls_last=True)
            terms.append(expression)
        return terms

    def values_of(self, obj):
        return [getattr(obj, key.field) for key in self.keys]

    def after(self, values, reverse=False):
        """Q matching rows strictly after `values` in this ordering (before them when reverse):
        k1 beyond v1, or k1 = v1 and k2 beyond v2, and so on."""
        condition = None
        equal_prefix = Q()
        for key, value in zip(self.keys, values):
            term = equal_prefix & self._beyond(key, value, reverse)
            condition = term if condition is None else condition | term
            equal_prefix &= Q(**{f"{key.field}__isnull": True}) if value is None else Q(**{key.field: value})
        first, first_value = self.keys[0], values[0]
        if len(self.keys) > 1 and first_value is not None and not first.nullable:
            # Redundant with the OR above, but a plain range lets the database seek the index.
            forward = first.descending == reverse
            condition &= Q(**{f"{first.field}__{'gte' if forward else 'lte'}": first_value})
        return condition

    @staticmethod
    def _beyond(key, value, reverse):
        forward = key.descending == reverse  # True: larger values come next
        if value is None:
            # Going forward past a NULL only other NULLs remain (handled by later keys);
            # going back, every non-NULL value comes before it.
            return Q(pk__in=[]) if forward else Q(**{f"{key.field}__isnull": False})
        comparison = Q(**{f"{key.field}__gt" if forward else f"{key.field}__lt": value})
        if key.nullable and forward:
            comparison |= Q(**{f"{key.field}__isnull": True})
        return comparison


class _HeldTo(Lookup):
    lookup_name = "held_to"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, [self.rhs]]


def held_to(field, value):
    """A filter() condition: `field` equals `value`, for a field an Ordering sorts `within`.

    On PostgreSQL written `field = ANY('{value}')`: after a plain `field = value` the planner
    drops the field from ORDER BY as constant, and may then walk an index on the other keys
    alone, filtering row by row, where an index leading with the field finds the page at once
    (see directory.models.Business.Meta)."""
    if connection.vendor == "postgresql":
        return _HeldTo(F(field), value)
    return Q(**{field: value})


def encode_cursor(values):
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token, ordering):
    """The key values in a cursor, or None when the cursor is malformed (treated as page 1)."""
    try:
        padded = token + "=" * (-len(token) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError, RecursionError):  # RecursionError: "[[[[…" nested past Python's limit
        return None
    if not isinstance(values, list) or len(values) != len(ordering.keys):
        return None
    for key, value in zip(ordering.keys, values):
        if value is None and not key.nullable:
            return None
        if value is not None and (type(value) is not key.type):
            return None
        if isinstance(value, str) and not is_comparable_text(value):
            return None
    return values


def is_comparable_text(value):
    """Text a database can compare with: no NUL (PostgreSQL refuses it) and no lone surrogate
    (not encodable as UTF-8); a cursor carrying either would be a server error, not page 1."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The query parameters page_from_request reads: pages that paginate declare them to the page cache.
PAGE_PARAMETERS = ("setelah", "sebelum", "halaman")


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None
    number: int = 1  # for display only ("Halaman 3"): carried in the links as ?halaman=


def keyset_page(queryset, ordering, *, size, after=None, before=None, load=None):
    """One page of `queryset` in `ordering`, after the cursor `after` or before `before`.

    With `load` (a function from a list of ids to {id: row}), the page's keys are found
    first in a query without joins, then the rows loaded by id: with joins in the query
    PostgreSQL tends to walk the ordering index and filter row by row, which for a rare
    search word means reading most of the table."""
    reverse = before is not None
    cursor = before if reverse else after
    if ordering.keys[0].levels:
        return _levelled_page(queryset, ordering, size=size, cursor=cursor, reverse=reverse, load=load)
    if cursor is not None:
        queryset = queryset.filter(ordering.after(cursor, reverse=reverse))
    queryset = queryset.order_by(*ordering.order_by(reverse=reverse))[: size + 1]
    if load is None:
        rows = list(queryset)
        has_more, items = len(rows) > size, rows[:size]
    else:
        keys = list(queryset.values_list("pk", flat=True))
        has_more, loaded = len(keys) > size, load(keys[:size])
        items = [loaded[pk] for pk in keys[:size] if pk in loaded]
    return _page(items, has_more, ordering, reverse=reverse, first_page=after is None)


def _page(items, has_more, ordering, *, reverse, first_page):
    if reverse:
        items.reverse()
    first, last = (encode_cursor(ordering.values_of(items[0])), encode_cursor(ordering.values_of(items[-1]))) if items else (None, None)
    if reverse:
        return KeysetPage(items=items, next_cursor=last, previous_cursor=first if has_more else None)
    return KeysetPage(items=items, next_cursor=last if has_more else None, previous_cursor=None if first_page else first)


def _levelled_page(queryset, ordering, *, size, cursor, reverse, load):
    """keyset_page for an ordering (level, id) whose level key has levels: the newest
    `window` rows are read once with their level computed (one query, bounded however common the
    words) and sorted by level; the rows past the window follow as level 0 in the id order, read
    with the plain keyset condition. Each row gets its level as an attribute for its cursor."""
    level_key, id_key = ordering.keys
    rest = Ordering((id_key,))
    levels = [value for value, _condition in level_key.levels]
    if cursor is not None and cursor[0] not in (*levels, 0):
        cursor, reverse = None, False  # a level this search does not have: page 1
    level = Case(*(When(condition, then=Value(value)) for value, condition in level_key.levels[:-1]),
                 default=Value(levels[-1]))
    ranked_rows = queryset if level_key.window_floor is None else queryset.filter(pk__gte=level_key.window_floor)
    window = list(
        ranked_rows.annotate(_level=level).order_by(*rest.order_by()).values_list("pk", "_level")[: level_key.window]
    )
    # Rows past this id are level 0: past the window when it is full, else below its floor.
    beyond = window[-1][0] if len(window) == level_key.window else level_key.window_floor
    rank = {value: index for index, value in enumerate(levels)}

    def place(pk, value):
        return rank[value], -pk if id_key.descending else pk

    ranked = sorted(window, key=lambda row: place(*row))
    keys = [place(*row) for row in ranked]

    def older(after_id, *, backwards, limit):
        """Level-0 rows (past the window) after `after_id` (before it when backwards)."""
        part = queryset.filter(rest.after([beyond]))
        if after_id is not None:
            part = part.filter(rest.after([after_id], reverse=backwards))
        return [(pk, 0) for pk in part.order_by(*rest.order_by(reverse=backwards)).values_list("pk", flat=True)[:limit]]

    if not reverse:
        if cursor is not None and cursor[0] == 0:
            rows = older(cursor[1], backwards=False, limit=size + 1) if beyond is not None else []
        else:
            start = bisect.bisect_right(keys, place(cursor[1], cursor[0])) if cursor is not None else 0
            rows = ranked[start:start + size + 1]
            if len(rows) < size + 1 and beyond is not None:
                rows += older(None, backwards=False, limit=size + 1 - len(rows))
    else:
        if cursor[0] == 0 and beyond is not None:
            rows = older(cursor[1], backwards=True, limit=size + 1)
            end = len(ranked)
        else:
            rows, end = [], bisect.bisect_left(keys, place(cursor[1], cursor[0])) if cursor[0] else len(ranked)
        if len(rows) < size + 1:
            rows += ranked[max(0, end - (size + 1 - len(rows))):end][::-1]
    has_more, rows = len(rows) > size, rows[:size]
    pks = [pk for pk, _level in rows]
    loaded = load(pks) if load else queryset.in_bulk(pks)
    items = []
    for pk, value in rows:
        if pk in loaded:
            setattr(loaded[pk], level_key.field, value)
            items.append(loaded[pk])
    return _page(items, has_more, ordering, reverse=reverse, first_page=cursor is None)


def page_from_request(request, queryset, ordering, *, size, load=None):
    """The page the query string asks for: ?setelah=<cursor> or ?sebelum=<cursor>, numbered by
    ?halaman=. A malformed cursor or number gives page 1, never an error."""
    after, before = (
        decode_cursor(request.GET[name], ordering) if request.GET.get(name) else None for name in ("setelah", "sebelum")
    )
    page = keyset_page(queryset, ordering, size=size, after=after, before=before, load=load)
    if after is not None or before is not None:
        try:
            page.number = max(1, int(request.GET.get("halaman", "1")))
        except ValueError:
            pass
    return page
