"""How a ranked search over a large index stays fast on PostgreSQL: the tuning that the plain
query in search/query.py does not need to show.

Every figure below was measured with `bench/search.py` (docs/knowledge.md, "Benchmark") on a
million index rows; each constant's comment names the figure that justifies it. The visibility
rule is not here: every queryset this module receives was built by search.query.filtered,
through SearchDocument.objects.visible_to.
"""

import json
import math
from contextlib import contextmanager
from datetime import timedelta
from time import monotonic

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, F, Func, Value

from .fallback import first_phrase
from .models import SearchDocument
from .services import is_postgresql, text_config

# Ranking reads the tsvector of every candidate, so ranking every match of a common word in a
# million items would read hundreds of thousands of rows. The candidates are therefore the
# RANK_WINDOW most recently updated matches (PostgreSQL finds them by walking the `updated` index,
# or through the GIN index for rarer words): for a specific query that is every match, ranked
# exactly; for a very common word the best matches among the most recent RANK_WINDOW.
RANK_WINDOW = 300
# The newest slices of the index searched first, smallest first (see ranked_ids). One slice
# measured best on a million rows (bench/search.py --rows 1000000): a second, bigger one cost
# more (its range bitmap) than it saved.
RECENT_SLICES = (50_000,)
# A search that runs longer than this is stopped and the member asked to narrow it (a phrase of
# two very common words is the usual culprit): one person's search never ties up the database.
STATEMENT_TIMEOUT_MS = 3000
QUERY_CANCELED = "57014"  # PostgreSQL's error code when statement_timeout stops a query
# Memory for the search's bitmaps. With PostgreSQL's default (4MB) the bitmap of a common word's
# matches in a million rows turns lossy: every row of those pages is then read and re-checked
# (bench/search.py on a million rows: 240 ms instead of 55 ms for a word in a tenth of the items).
SEARCH_WORK_MEM = "16MB"
# How much more checking a row costs when walking the `updated` index than on the GIN path
# (see walk_threshold).
WALK_COST = 0.7


def ranked_ids(results):
    """The ids of the RANK_WINDOW (+1) most recently updated matches of a ranked search
    (search.query.Results), best first.

    Found the cheapest way for the query at hand:

    - a very common word: walk the `updated` index newest first and stop after the window
      (reads about RANK_WINDOW / share-of-items rows, each row's tsvector checked);
    - otherwise take the matches from the GIN index, among the newest items first (each of
      RECENT_SLICES: their `updated` is past a cut-off the GIN bitmap is AND-ed with),
      then among all, stopping at the first that holds the window; then sort by date. A
      slice is skipped when PostgreSQL's estimate says it cannot hold the window (phrases,
      whose estimates are poor, try every slice).

    Walking costs more per row than the GIN path (the planner underestimates that, so an
    ordering by an expression keeps it off the index when we want the GIN path). Phrases
    are never walked: their word positions are checked row by row."""
    order = [(F("updated") + Value(timedelta(0))).desc(), F("pk").desc()]
    phrase = '"' in results.request.q
    estimate = estimated_matches(results.request.q)
    if not phrase and estimate > walk_threshold():
        order = [F("updated").desc(), F("pk").desc()]
        return _ids(results.queryset, results.tsquery, order)
    stats = index_stats()
    for size, cutoff in zip(RECENT_SLICES, stats["cutoffs"], strict=True):
        expected = estimate * size / max(stats["rows"], 1)
        if cutoff is None or not (phrase or expected > 2 * RANK_WINDOW):
            continue
        recent = _ids(_in_slice(results, cutoff, phrase), results.tsquery, order)
        if len(recent) > RANK_WINDOW:
            return recent
    return _ids(results.queryset, results.tsquery, order)


def _in_slice(results, cutoff, phrase):
    """The matches updated since `cutoff`. For a phrase (in a query without `or`), the
    candidates are the slice's rows that have every word of the phrase, anywhere, taken
    from the GIN index (PostgreSQL estimates that well enough to AND it with the date
    range); the whole query is then checked on each of them with the (unindexable)
    function form of @@. Asked for the phrase directly, PostgreSQL estimates words that go
    together far too low, skips the date range, and checks every row in the index that has
    them."""
    words = first_phrase(results.request.q) if phrase else None
    if words is None or not has_words(words):
        return results.queryset.filter(updated__gte=cutoff)
    words_query = SearchQuery(words, search_type="plain", config=text_config())
    candidates = results.base.filter(updated__gte=cutoff, search_vector=words_query)
    return (
        SearchDocument.objects.filter(pk__in=candidates.values("pk"))  # visibility: base
        .alias(
            matches=Func(
                F("search_vector"),
                results.tsquery,
                function="ts_match_vq",
                output_field=BooleanField(),
            )
        )
        .filter(matches=True)
    )


def _ids(queryset, tsquery, order):
    """The window and its ranking in one query: the window's ids in a subquery, then only
    those rows' vectors ranked (ranking reads each candidate's whole vector)."""
    window = queryset.order_by(*order).values("pk")[: RANK_WINDOW + 1]
    return list(
        SearchDocument.objects.filter(pk__in=window)  # visibility: the window
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-updated", "-pk")
        .values_list("pk", flat=True)
    )


_stats = {"rows": 0, "cutoffs": [None] * len(RECENT_SLICES), "read_at": -1e9}


def index_stats():
    """The index's size (PostgreSQL's estimate) and the `updated` of its newest rows at each
    RECENT_SLICES size (None when the index is not much bigger), read at most every five
    minutes per process."""
    now = monotonic()
    if now - _stats["read_at"] > 300:
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table]
            )
            rows = cursor.fetchone()[0]
        newest = SearchDocument.objects.order_by("-updated").values_list("updated", flat=True)
        cutoffs = [
            newest[size : size + 1].first() if rows > 2 * size else None for size in RECENT_SLICES
        ]
        _stats.update(rows=rows, cutoffs=cutoffs, read_at=now)
    return _stats


def walk_threshold():
    """Estimated matches above which walking the `updated` index is cheaper than the GIN path:
    where RANK_WINDOW / share × (the per-row cost ratio) equals the GIN path's rows,
    share × RECENT_SLICES[0] (or share × all rows for a small index). The ratio, WALK_COST, was
    measured on a million rows (bench/search.py): the two paths cost the same, about 30 ms, for a
    word in 6–7% of the items."""
    stats = index_stats()
    rows = max(stats["rows"], 1)
    scanned = RECENT_SLICES[0] if stats["cutoffs"][0] is not None else rows
    share = math.sqrt(WALK_COST * RANK_WINDOW / scanned)
    return max(5 * RANK_WINDOW, share * rows)


@contextmanager
def search_session():
    """On PostgreSQL, run the page's queries without JIT compilation (the plans of a search over
    a large index cross JIT's cost threshold, and compiling them takes longer, tens of
    milliseconds, than running them) and with a time limit (STATEMENT_TIMEOUT_MS)."""
    if not is_postgresql():
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET LOCAL jit = off; SET LOCAL statement_timeout = {int(STATEMENT_TIMEOUT_MS)}; "
                f"SET LOCAL work_mem = '{SEARCH_WORK_MEM}'"
            )
        yield


def estimated_matches(q, search_type="websearch"):
    """PostgreSQL's own estimate of how many index rows match `q` (planning only, no scan)."""
    parser = {"websearch": "websearch_to_tsquery", "plain": "plainto_tsquery"}[search_type]
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_searchdocument "  # noqa: S608 - fixed names
            f"WHERE search_vector @@ {parser}(%s::regconfig, %s)",
            [text_config(), q],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


def has_words(text):
    """False when PostgreSQL's parser keeps no word of `text` (all stop words: "to be")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(plainto_tsquery(%s::regconfig, %s)) > 0", [text_config(), text]
        )
        return cursor.fetchone()[0]
