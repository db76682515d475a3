"""Product search in Bahasa Indonesia: PostgreSQL full-text search on the stored,
GIN-indexed search_vector; on SQLite every word must appear in the name or description."""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q

MAX_QUERY_LENGTH = 100


def clean_query(text):
    return re.sub(r"\s+", " ", text or "").strip()[:MAX_QUERY_LENGTH]


def search_products(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector=SearchQuery(text, config="indonesian", search_type="websearch"))
    condition = Q()
    for word in re.findall(r"\w+", text):
        condition &= Q(name__icontains=word) | Q(description__icontains=word)
    return queryset.filter(condition)
