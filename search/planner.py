"""How a ranked search over a large index stays fast on PostgreSQL: the tuning that the plain
query in search/query.py does not need to show.

Every figure below was measured with `bench/search.py` (docs/knowledge.md, "Benchmark") on a
million index rows; each constant's comment names the figure that justifies it. The visibility
rule is not here: every queryset this module receives was built by search.query.filtered,
through SearchDocument.objects.visible_to.
"""

import collections
import json
import math
from contextlib import contextmanager
from time import monotonic

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection, transaction

from .fallback import first_phrase
from .models import SearchDocument
from .services import is_postgresql, text_config

# Ranking reads the tsvector of every candidate, so ranking every match of a common word in a
# million items would read hundreds of thousands of rows. The candidates are therefore the
# RANK_WINDOW most recently updated matches (PostgreSQL finds them by walking the `updated` index,
# or through the GIN index for rarer words): for a specific query that is every match, ranked
# exactly; for a very common word the best matches among the most recent RANK_WINDOW.
RANK_WINDOW = 300
# The newest slice of the index a phrase is looked for in first (see ranked_ids).
RECENT_SLICES = (50_000,)
# The newest slices a word (or words) can be looked for in first: the smallest that should
# hold SLICE_MARGIN windows of matches, going by PostgreSQL's estimate (accurate for every word
# it keeps statistics on: migration 0004 keeps 10,000). Each step is 1.4 times the one before.
# The sizes past 80,000 are only looked in again (see wider_slice): a first choice that large
# always costs more than reading every match.
SLICE_SIZES = (10_000, 14_000, 20_000, 28_000, 40_000, 56_000, 80_000, 112_000, 160_000, 225_000)
# Three windows: the estimate counts every row, the window only those the member may see (two
# thirds for the benchmark's member), and a word's matches need not be spread evenly over time
# (with 1.5, "product", 34,000 matches, found too few in its slice and was looked for twice).
SLICE_MARGIN = 3
# A slice that held fewer matches than the window is looked in once more, this many times wider
# than its own matches say the window needs, when that is cheaper than reading every match: the
# newest items need not use a word as often as the index as a whole does (at full size the
# newest 280,000 rows are wiki pages with titles only, where "council housing" is a seventh as
# common: 140 of its matches in the newest 28,000 rows, not the 1,036 expected).
WIDER_MARGIN = 1.5
# What one row of a slice costs (read from the `updated` index into the bitmap) against one
# candidate read from the table: about 0.5 µs against 2.3-4.6 µs on a million rows under load
# (EXPLAIN ANALYZE: 80,505 range rows in 41 ms; 7,638 table rows in 35 ms, 614 in 1.4 ms). A
# slice is only used when its rows plus its expected matches cost less than reading every match.
SLICE_ROW_COST = 0.15
# How many searches (words and filters) a process remembers the slice of, when the slice their
# estimate chose held too few matches (see _learn): at full size "council housing" ran its GIN
# scan twice on every search, once for the slice that fell short and once for the wider one.
# The memory goes with the index statistics (read again every five minutes).
LEARNED_KEPT = 1000
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
# The slice walk_threshold compares walking with (the one it was measured against).
WALK_SLICE = 50_000


def ranked_ids(results):
    """The ids of the RANK_WINDOW (+1) most recently updated matches of a ranked search
    (search.query.Results), best first.

    Found the cheapest way for the query at hand:

    - a very common word: walk the `updated` index newest first and stop after the window
      (reads about RANK_WINDOW / share-of-items rows, each row's tsvector checked);
    - otherwise take the matches from the GIN index, among the newest items first (a
      slice: their `updated` is past a cut-off the GIN bitmap is AND-ed with), then among
      all if the slice did not hold the window; then sort by date. A word's slice is the
      smallest of SLICE_SIZES expected to hold SLICE_MARGIN windows, and only when that is
      cheaper than reading every match; phrases, whose estimates are poor, try
      RECENT_SLICES.

    Walking costs more per row than the GIN path (the planner underestimates that, so an
    ordering by an expression keeps it off the index when we want the GIN path). Phrases
    are never walked: their word positions are checked row by row.

    The statements are written here as SQL around the WHERE of the visible, filtered rows
    (`results.base`, compiled once by `where_of`): building and compiling the same querysets
    through the ORM cost more CPU than PostgreSQL spent on most searches."""
    base = where_of(results.base)
    if base is None:
        return []
    q = results.request.q
    matched = Statement(f"({base.sql}) AND search_vector @@ {WEBSEARCH}", *base.params, *tsq(q))
    stats = index_stats()
    if '"' in q:  # a phrase: never walked, and PostgreSQL's estimate is no guide
        phrase, slices = True, [c for c in stats["cutoffs"] if c is not None]
    else:
        phrase, estimate = False, estimated_matches(q)
        if estimate > walk_threshold():
            return _ids(matched, q, walk=True)
        slices = [c for c in [word_slice(estimate, stats)] if c is not None]
    key = _learned_key(results.request)
    learned = stats.setdefault("learned", collections.OrderedDict())
    if key in learned:
        # The same search lately needed a wider slice than its estimate chose (or every
        # match): start there. Any slice that holds the window gives the same window.
        slices = [] if learned[key] is None else [learned[key]]
    first = slices[0] if slices else None
    for cutoff in slices:
        recent = _ids(_in_slice(base, matched, q, cutoff, phrase), q, walk=False)
        if len(recent) > RANK_WINDOW:
            _learn(learned, key, first, cutoff)
            return recent
        wider = wider_slice(cutoff, len(recent), None if phrase else estimate, stats)
        if wider is not None:
            recent = _ids(_in_slice(base, matched, q, wider, phrase), q, walk=False)
            if len(recent) > RANK_WINDOW:
                _learn(learned, key, first, wider)
                return recent
    if slices:
        _learn(learned, key, first, None)
    return _ids(matched, q, walk=False)


def _learned_key(request):
    """What a slice's yield depends on besides the index: the words, the filters (and the
    window it had to hold)."""
    return (
        RANK_WINDOW,
        request.q,
        tuple(sorted(request.kinds)),
        getattr(request.community, "pk", None),
        getattr(request.tag, "pk", None),
        request.date_from,
        request.date_to,
    )


def _learn(learned, key, first, held):
    """Remember the slice (`held`; None for every match) that held the window of the search
    `key` when it was not the first one tried (`first`), so the next such search starts there
    and runs the GIN scan of its words once; forget it when the first one was enough."""
    if held == first:
        if first is not None and learned.get(key) != first:
            learned.pop(key, None)
        return
    learned[key] = held
    learned.move_to_end(key)
    while len(learned) > LEARNED_KEPT:
        learned.popitem(last=False)


def word_slice(estimate, stats):
    """The cut-off of the newest slice to look for `estimate` matches in first, or None when
    reading every match is as cheap (see SLICE_SIZES)."""
    rows = max(stats["rows"], 1)
    for size, cutoff in stats.get("slices", ()):
        expected = estimate * size / rows
        if expected >= SLICE_MARGIN * RANK_WINDOW:
            return cutoff if size * SLICE_ROW_COST + expected < estimate else None
    return None


def wider_slice(cutoff, found, estimate, stats):
    """The cut-off of a newest slice to look in after the one cut at `cutoff` held only `found`
    matches, or None to read every match instead: the smallest slice that, at the density just
    seen, holds WIDER_MARGIN windows, when its rows and matches cost less than the `estimate`
    of every match (a phrase, estimate None, has no estimate worth comparing with)."""
    slices = stats.get("slices", ())
    sizes = dict(zip(stats.get("cutoffs", ()), RECENT_SLICES, strict=False))
    sizes.update((cut, size) for size, cut in slices)
    size = sizes.get(cutoff)
    if not size or not found:
        return None
    needed = size * WIDER_MARGIN * (RANK_WINDOW + 1) / found
    for wider, wider_cutoff in slices:
        if wider >= needed:
            expected = found * wider / size
            if estimate is None or wider * SLICE_ROW_COST + expected < estimate:
                return wider_cutoff
            return None
    return None


# The search's own text query, as search.query builds it (SearchQuery, websearch syntax).
WEBSEARCH = "websearch_to_tsquery(%s::regconfig, %s)"


def tsq(q):
    """The parameters of WEBSEARCH for `q`."""
    return (text_config(), q)


class Statement:
    """A piece of SQL over search_searchdocument with its parameters."""

    def __init__(self, sql, *params):
        self.sql = sql
        self.params = list(params)


def where_of(queryset):
    """The WHERE of a queryset of SearchDocument rows as a Statement, for SQL written around
    it; None when it can match nothing (nobody signed in). The condition is the queryset's
    own, compiled by Django, visibility rule included; it names the table unaliased, so it is
    only placed in a query (or subquery) whose nearest FROM is search_searchdocument. (The id
    arrays of `community_in` are already '{…}' literals: communities.querysets.IsAnyOf.)"""
    query = queryset.query
    if query.is_empty():
        return None
    tables = [alias for alias, count in query.alias_refcount.items() if count]
    if tables not in ([], [SearchDocument._meta.db_table]):
        raise ValueError(f"where_of needs the index table alone, not {tables}")
    compiler = query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        sql, params = "TRUE", ()
    return Statement(sql or "TRUE", *params)


def _since(cutoff):
    """The condition for the rows of a newest slice: from its cut-off row on, newest first as
    the window orders them, (`updated`, id) from index_stats, so that a slice holds its size
    however many rows share one `updated` (a bulk import, a re-index: at full size 280,000
    rows have the same one, and `updated >=` put all of them in every slice). Written as two
    plain conditions on the (-updated, -id) index: PostgreSQL 15 reads a row comparison's
    bound on the first column only. A bare time (tests) bounds `updated` alone."""
    if isinstance(cutoff, tuple):
        updated, pk = cutoff
        return "(updated > %s OR (updated = %s AND id >= %s))", (updated, updated, pk)
    return "updated >= %s", (cutoff,)


def _in_slice(base, matched, q, cutoff, phrase):
    """The matches in the newest slice cut at `cutoff` (see _since). For a phrase (in a query
    without `or`), the candidates are the slice's rows that have every word of the phrase,
    anywhere, taken from the GIN index (PostgreSQL estimates that well enough to AND it with
    the slice's range); the whole query is then checked on each of them with the
    (unindexable) function form of @@. Asked for the phrase directly, PostgreSQL estimates
    words that go together far too low, skips the range, and checks every row in the index
    that has them."""
    words = first_phrase(q) if phrase else None
    newer, newer_params = _since(cutoff)
    if words is None or not has_words(words):
        return Statement(f"{matched.sql} AND {newer}", *matched.params, *newer_params)
    table = SearchDocument._meta.db_table
    return Statement(
        f"id IN (SELECT id FROM {table} WHERE ({base.sql}) AND {newer}"  # noqa: S608 - fixed names
        " AND search_vector @@ plainto_tsquery(%s::regconfig, %s))"
        f" AND ts_match_vq(search_vector, {WEBSEARCH})",
        *base.params,
        *newer_params,
        text_config(),
        words,
        *tsq(q),
    )


def _ids(matched, q, *, walk):
    """The window and its ranking in one query: the window's ids in a subquery, then only
    those rows' vectors ranked (ranking reads each candidate's whole vector). `walk` orders
    the window so that PostgreSQL may walk the `updated` index; otherwise by an expression
    it cannot take from the index."""
    table = SearchDocument._meta.db_table
    newest = "updated DESC, id DESC" if walk else "(updated + interval '0') DESC, id DESC"
    sql = (
        f"SELECT id FROM {table} WHERE id IN (SELECT id FROM {table} WHERE {matched.sql}"  # noqa: S608 - fixed names
        f" ORDER BY {newest} LIMIT %s)"
        f" ORDER BY ts_rank(search_vector, {WEBSEARCH}) DESC, updated DESC, id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*matched.params, RANK_WINDOW + 1, *tsq(q)])
        return [row[0] for row in cursor.fetchall()]


_stats = {"rows": 0, "cutoffs": [None] * len(RECENT_SLICES), "slices": [], "read_at": -1e9}


def index_stats():
    """The index's size (PostgreSQL's estimate), the cut-off, (`updated`, id), of its newest
    rows at each RECENT_SLICES size (None when the index is not much bigger) and (size,
    cut-off) at each of SLICE_SIZES that is under half the index, read at most every five
    minutes per process (one walk down the `updated` index)."""
    now = monotonic()
    if now - _stats["read_at"] > 300:
        table = SearchDocument._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table]
            )
            rows = cursor.fetchone()[0]
            sizes = sorted({s for s in (*RECENT_SLICES, *SLICE_SIZES) if rows > 2 * s})
            at = {}
            if sizes:
                # The row numbered size + 1 is the newest row outside a slice of `size`.
                cursor.execute(
                    "SELECT n, updated, id FROM (SELECT updated, id, row_number() OVER "  # noqa: S608 - fixed names
                    f"(ORDER BY updated DESC, id DESC) AS n FROM (SELECT updated, id FROM {table} "
                    "ORDER BY updated DESC, id DESC LIMIT %s) newest) numbered "
                    "WHERE n = ANY(%s::bigint[])",
                    [sizes[-1] + 1, "{" + ",".join(str(size + 1) for size in sizes) + "}"],
                )
                at = {n - 1: (updated, pk) for n, updated, pk in cursor.fetchall()}
        cutoffs = [at.get(size) for size in RECENT_SLICES]
        slices = [(size, at[size]) for size in SLICE_SIZES if size in at]
        _stats.update(
            rows=rows,
            cutoffs=cutoffs,
            slices=slices,
            read_at=now,
            learned=collections.OrderedDict(),
        )
    return _stats


def walk_threshold():
    """Estimated matches above which walking the `updated` index is cheaper than the GIN path:
    where RANK_WINDOW / share × (the per-row cost ratio) equals the GIN path's rows,
    share × WALK_SLICE (or share × all rows for a small index). The ratio, WALK_COST, was
    measured on a million rows (bench/search.py): the two paths cost the same, about 30 ms, for a
    word in 6–7% of the items."""
    stats = index_stats()
    rows = max(stats["rows"], 1)
    scanned = WALK_SLICE if rows > 2 * WALK_SLICE else rows
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
