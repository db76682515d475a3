"""Working through many keys or rows a bounded batch at a time."""

from itertools import islice

# Keys per `IN (...)` query: under SQLite's bound-parameter limit, and short enough for PostgreSQL's planner.
IN_QUERY_SIZE = 900


def chunked(items, size=IN_QUERY_SIZE):
    """Lists of at most `size` items from any iterable, lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
