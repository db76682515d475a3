"""Keyset ("seek") pagination: a page is "the next n rows after this row in
this order", found through the index in constant time however deep the page,
where OFFSET would read and throw away every earlier row.

A cursor is the sort key of a page's last (or first) row, base64-encoded into
the query string, so links keep every filter and need no server-side state."""

import base64
import json
from dataclasses import dataclass

from django.db.models import F, Q


@dataclass(frozen=True)
class SortKey:
    field: str
    descending: bool = False
    nullable: bool = False
    type: type = int


@dataclass(frozen=True)
class Ordering:
    """An ordering over unique keys: the last key must be unique (the id)."""

    keys: tuple

    def order_by(self, reverse=False):
        terms = []
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
        if isinstance(value, str) and not _is_comparable_text(value):
            return None
    return values


def _is_comparable_text(value):
    """Text a database can compare with: no NUL (PostgreSQL refuses it) and no lone surrogate
    (not encodable as UTF-8); a cursor carrying either would be a server error, not page 1."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None


def keyset_page(queryset, ordering, *, size, after=None, before=None):
    """One page of `queryset` in `ordering`, after the cursor `after` or before `before`."""
    if before is not None:
        rows = list(queryset.filter(ordering.after(before, reverse=True)).order_by(*ordering.order_by(reverse=True))[: size + 1])
        has_more_before = len(rows) > size
        items = list(reversed(rows[:size]))
        return KeysetPage(
            items=items,
            next_cursor=encode_cursor(ordering.values_of(items[-1])) if items else None,
            previous_cursor=encode_cursor(ordering.values_of(items[0])) if items and has_more_before else None,
        )
    if after is not None:
        queryset = queryset.filter(ordering.after(after))
    rows = list(queryset.order_by(*ordering.order_by())[: size + 1])
    items = rows[:size]
    return KeysetPage(
        items=items,
        next_cursor=encode_cursor(ordering.values_of(items[-1])) if len(rows) > size else None,
        previous_cursor=encode_cursor(ordering.values_of(items[0])) if items and after is not None else None,
    )
