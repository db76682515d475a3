"""Product search in Bahasa Indonesia (and a little English).

The words of a query become terms; a product matches when it holds every term (any of a term's
alternatives: the word typed, or the Indonesian words fixtures/search/vocabulary.csv gives for
an English one: "coffee" → coffee or kopi). PostgreSQL matches them against the stored,
GIN-indexed search_vector (Indonesian stemming; name weighted A, description B, the seller's
name C: Product.seller_name, copied from the business); SQLite looks for each word in the name,
the description or the seller's name.

Relevance (`relevance_ordering`) sorts the matches into levels: the exact phrase in the name,
every word in the name, the exact phrase in the description, every word in the name or
description, the rest (a match that needs the seller's name); newest first within a level. It
orders the newest RELEVANCE_WINDOW matches (umkm_portal.keyset reads them in one query with their
level); older matches follow, newest first.

Typo tolerance (`correction`): a word no product name holds is compared with the distinct words
of product names (catalog.SearchWord, kept by a trigger: a small table, trigram-indexed) on
PostgreSQL, with difflib against the listed products' names on SQLite."""

import csv
import difflib
import functools
import itertools
import re
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Func, Q

from catalog.models import Product, SearchWord
from regions.names import slip_distance
from umkm_portal.keyset import Ordering, SortKey

MAX_QUERY_LENGTH = 100
VOCABULARY = Path(settings.BASE_DIR) / "fixtures" / "search" / "vocabulary.csv"
WORD = re.compile(r"[^\W_]+")
LONGEST_PHRASE = 3  # words in the longest English phrase of the vocabulary looked up
MIN_CORRECTED_LENGTH = 4  # shorter words are too ambiguous to correct
# Relevance orders the newest 1,000 matches (the count shown stops there too); older ones follow
# newest first: one bounded read per page however common the words.
RELEVANCE_WINDOW = 1_000
RELEVANCE_SCAN = 10_000  # with more matches than the count shows: rank those among the newest products
# Shown as links when the search box is empty or finds nothing: what buyers of the province's
# products look for most (reviewed with the categories; each finds products in the demo data).
POPULAR_SEARCHES = ("pempek", "kemplang", "songket", "kopi", "keripik", "madu", "jumputan", "kerupuk")


def clean_query(text):
    return re.sub(r"\s+", " ", text or "").strip()[:MAX_QUERY_LENGTH]


def query_words(text):
    """The lower-case words of a query: letters and digits, punctuation dropped."""
    return WORD.findall(clean_query(text).lower())


@functools.cache
def vocabulary():
    """{english words (tuple): [indonesian words (tuple), …]} from the reviewed vocabulary file."""
    with VOCABULARY.open(encoding="utf-8", newline="") as file:
        return {
            tuple(query_words(row["english"])): [tuple(query_words(words)) for words in row["indonesian"].split("|")]
            for row in csv.DictReader(file)
        }


def search_terms(text):
    """The terms of a query: a tuple per term of its alternatives, each a tuple of words.
    "coffee bubuk" → ((("coffee",), ("kopi",)), (("bubuk",),)); English phrases are read
    longest first ("shrimp crackers" is one term)."""
    words, terms, index = query_words(text), [], 0
    english = vocabulary()
    while index < len(words):
        for length in range(min(LONGEST_PHRASE, len(words) - index), 0, -1):
            phrase = tuple(words[index:index + length])
            if phrase in english:
                alternatives = [phrase] + [words for words in english[phrase] if words != phrase]
                terms.append(tuple(alternatives))
                index += length
                break
        else:
            terms.append(((words[index],),))
            index += 1
    return tuple(terms)


def translations(terms):
    """[(english, indonesian)] of the vocabulary terms, to tell the buyer how the words were read."""
    return [(" ".join(term[0]), " / ".join(" ".join(words) for words in term[1:])) for term in terms if len(term) > 1]


# ---------------------------------------------------------------------------- matching


def _tsquery(terms, *, weight="", phrase=False):
    """A to_tsquery text: every term (&), or the terms in a row (<->) when phrase; weight "A"
    keeps to the name, "AB" to the name and description. Words are letters and digits only, so nothing in them is an operator."""

    def alternative(words):
        return " <-> ".join(f"{word}:{weight}" if weight else word for word in words)

    joined = [" | ".join(f"({alternative(words)})" for words in term) for term in terms]
    return (" <-> " if phrase else " & ").join(f"({term})" for term in joined)


def _pg(terms, **kwargs):
    return Q(search_vector=SearchQuery(_tsquery(terms, **kwargs), config="indonesian", search_type="raw"))


def _words_in(fields, words):
    """SQLite: every word of one alternative appears in one of `fields`."""
    condition = Q()
    for word in words:
        one = Q()
        for field in fields:
            one |= Q(**{f"{field}__icontains": word})
        condition &= one
    return condition


def _sqlite_all(terms, fields):
    condition = Q()
    for term in terms:
        any_alternative = Q(pk__in=[])
        for words in term:
            any_alternative |= _words_in(fields, words)
        condition &= any_alternative
    return condition


def _sqlite_phrase(terms, fields):
    condition = Q(pk__in=[])
    for combination in itertools.islice(itertools.product(*terms), 16):
        phrase = " ".join(" ".join(words) for words in combination)
        for field in fields:
            condition |= Q(**{f"{field}__icontains": phrase})
    return condition


PRODUCT_FIELDS = ("name", "description")
SEARCHED_FIELDS = (*PRODUCT_FIELDS, "seller_name")


def _matches(terms):
    if connection.vendor == "postgresql":
        return _pg(terms)
    return _sqlite_all(terms, SEARCHED_FIELDS)


class _RowByRow(Func):
    """The stored vector as an expression the GIN index does not answer (`|| ''`): see search_products."""

    template = "(%(expressions)s || ''::tsvector)"
    output_field = SearchVectorField()


def search_products(queryset, text, *, row_by_row=False):
    """The products holding every term of `text` (all of them when it has no words).

    row_by_row (PostgreSQL): check the words on each row read instead of through the GIN index.
    For words that match very many products (`pempek`: 380,000) the page of a relevance order
    reads a bounded range of the newest ids, and one in a few rows there matches: checking those
    rows costs 8 ms where building the index's bitmap of every match costs 35–40 ms. Counting
    the matches still goes through the index."""
    terms = search_terms(text)
    if not terms:
        return queryset
    if row_by_row and connection.vendor == "postgresql":
        query = SearchQuery(_tsquery(terms), config="indonesian", search_type="raw")
        return queryset.alias(_vector_read=_RowByRow("search_vector")).filter(_vector_read=query)
    return queryset.filter(_matches(terms))


def relevance_ordering(text, *, many=False):
    """The keyset Ordering of a search by relevance: level, then newest first. Levels (higher
    first): 5 the exact phrase in the name, 4 every word in the name, 3 the exact phrase in the
    description, 2 every word in the name or description, 1 the rest (a match only through the
    seller's name, or one that needs it for some word). A one-word search has levels 4, 2 and 1.
    (0 is umkm_portal.keyset's: the matches past the window.)

    `many`: the words match more than the count shows (over 1,000). Then only matches among the
    newest RELEVANCE_SCAN listed products are ranked: finding the newest 1,000 matches of two
    common words can mean reading tens of thousands of rows (the planner misjudges how often two
    words come together and fetches every match), reading a fixed range of ids costs the same for
    every search."""
    terms = search_terms(text)
    if connection.vendor == "postgresql":
        name_phrase, in_name = _pg(terms, weight="A", phrase=True), _pg(terms, weight="A")
        phrase, in_product = _pg(terms, weight="AB", phrase=True), _pg(terms, weight="AB")
    else:
        name_phrase, in_name = _sqlite_phrase(terms, ("name",)), _sqlite_all(terms, ("name",))
        phrase, in_product = _sqlite_phrase(terms, PRODUCT_FIELDS), _sqlite_all(terms, PRODUCT_FIELDS)
    # Conditions are tried in order (CASE WHEN): the first that holds gives the level.
    if len(terms) > 1:
        levels = ((5, name_phrase), (4, in_name), (3, phrase), (2, in_product), (1, Q()))
    else:
        levels = ((4, in_name), (2, in_product), (1, Q()))
    floor = _newest_ids_floor() if many else None
    return Ordering((
        SortKey("rank", descending=True, levels=levels, window=RELEVANCE_WINDOW, window_floor=floor),
        SortKey("id", descending=True),
    ))


def _newest_ids_floor():
    """The id of the RELEVANCE_SCAN-th newest listed product (an index-only walk of the
    product_listed_newest index), or None when there are fewer."""
    ids = Product.objects.listed().order_by("-id").values_list("id", flat=True)
    return next(iter(ids[RELEVANCE_SCAN - 1:RELEVANCE_SCAN]), None)


# ---------------------------------------------------------------------------- typo tolerance


def correction(text, *, known=()):
    """{misspelt word: the closest word a product name holds} for the words of `text` no product
    name holds (empty when there is nothing to correct). `known`: words to leave alone."""
    words = [word for word in dict.fromkeys(query_words(text)) if len(word) >= MIN_CORRECTED_LENGTH and word.isalpha()]
    english = {word for phrase in vocabulary() for word in phrase}
    words = [word for word in words if word not in english and word not in known]
    if not words:
        return {}
    return _closest_pg(words) if connection.vendor == "postgresql" else _closest_sqlite(words)


def replace_words(text, replacements):
    """`text` with each word found in `replacements` (lower case) replaced, the rest as typed."""
    return WORD.sub(lambda match: replacements.get(match.group(0).lower(), match.group(0)), clean_query(text))


def _best(word, candidates):
    """The candidate fewest edits away (then the most similar), if any is at most two edits away."""
    scored = sorted((slip_distance(word, candidate, 2), -score, candidate) for candidate, score in candidates)
    return scored[0][2] if scored and scored[0][0] <= 2 else None


def _closest_pg(words):
    present = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    closest = {}
    with connection.cursor() as cursor:
        for word in words:
            if word in present:
                continue
            # % and similarity() use the trigram index on catalog_searchword (migration 0006).
            cursor.execute(
                "SELECT word, similarity(word, %s) FROM catalog_searchword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 8",
                [word, word, word],
            )
            best = _best(word, cursor.fetchall())
            if best:
                closest[word] = best
    return closest


def _closest_sqlite(words):
    known = set()
    for name in Product.objects.listed().values_list("name", flat=True).iterator():
        known.update(word for word in query_words(name) if len(word) >= 3)
    closest = {}
    for word in words:
        if word in known:
            continue
        matches = difflib.get_close_matches(word, known, n=8, cutoff=0.7)
        best = _best(word, [(match, difflib.SequenceMatcher(None, word, match).ratio()) for match in matches])
        if best:
            closest[word] = best
    return closest
