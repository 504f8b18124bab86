"""Searching the index: one function for the search page, the wiki's own search and tag pages.

On PostgreSQL: `websearch_to_tsquery` (so people can type "quoted phrases", or, -exclusions),
the GIN index, `ts_rank` over the weighted vector (title A, tags B, body C: a word in the title
counts far more than one in the body), most recently updated first among equals, and
`ts_headline` snippets for the page's rows only. On SQLite a simple fallback: every word must
appear in the title, tags or body (case-insensitive), title matches first.

Every query starts from `SearchDocument.objects.visible_to(user)`: the visibility rule lives
there and nowhere else. Snippets are escaped here; only our own <mark> tags are added.
"""

import html
import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import cached_property
from time import monotonic

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import OperationalError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import SearchDocument
from .registry import tagged_items
from .services import is_postgresql, text_config

MARK_START, MARK_END = "\ue000", "\ue001"
# What a result shows (search/includes/_results.html): nothing else is read for the page.
SHOWN_FIELDS = (
    "kind", "title", "url", "tags", "updated", "community_id", "author_id",
    "community__name", "community__slug", "community__stage", "author__name",
)  # fmt: skip
RESULT_CAP = 1000  # beyond this the page says "more than 1,000 results"
# Ranking reads the tsvector of every candidate, so ranking every match of a common word in a
# million items would read hundreds of thousands of rows. The candidates are therefore the
# RANK_WINDOW most recently updated matches (PostgreSQL finds them by walking the `updated` index,
# or through the GIN index for rarer words): for a specific query that is every match, ranked
# exactly; for a very common word the best matches among the most recent RANK_WINDOW.
RANK_WINDOW = 300
# The newest slices of the index searched first, smallest first (see Results._window). One
# slice measured best on a million rows: a second, bigger one cost more (its range bitmap) than
# it saved.
RECENT_SLICES = (50_000,)
# A search that runs longer than this is stopped and the member asked to narrow it (a phrase of
# two very common words is the usual culprit): one person's search never ties up the database.
STATEMENT_TIMEOUT_MS = 3000
QUERY_CANCELED = "57014"  # PostgreSQL's error code when statement_timeout stops a query
SNIPPET_CHARS = 240
# Memory for the search's bitmaps. With PostgreSQL's default (4MB) the bitmap of a common word's
# matches in a million rows turns lossy: every row of those pages is then read and re-checked
# (measured: 240 ms instead of 55 ms for a word in a tenth of the items).
SEARCH_WORK_MEM = "16MB"
# How much more checking a row costs when walking the `updated` index than on the GIN path
# (see walk_threshold).
WALK_COST = 0.7


@dataclass
class SearchRequest:
    q: str = ""
    kinds: list = field(default_factory=list)
    community: object = None
    tag: object = None
    date_from: object = None
    date_to: object = None
    newest_first: bool = False

    @property
    def has_text(self):
        return bool(self.q.strip())

    @property
    def is_empty(self):
        return not (
            self.has_text
            or self.kinds
            or self.community
            or self.tag
            or self.date_from
            or self.date_to
        )


def filtered(user, request):
    """The visible rows that pass the filters (no text matching yet)."""
    rows = SearchDocument.objects.visible_to(
        user,
        use_community_index=not (request.has_text and is_postgresql()),
        kinds=request.kinds or None,
    )
    if request.community is not None:
        rows = rows.in_community(request.community, kinds=request.kinds or None)
    if request.tag is not None:
        tagged = tagged_items().objects.filter(  # visibility: joined to the visible rows
            tag=request.tag, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
        )
        rows = rows.filter(Exists(tagged))
    zone = timezone.get_current_timezone()
    if request.date_from:
        rows = rows.filter(updated__gte=datetime.combine(request.date_from, time.min, zone))
    if request.date_to:
        end = datetime.combine(request.date_to + timedelta(days=1), time.min, zone)
        rows = rows.filter(updated__lt=end)
    return rows


# --- the SQLite fallback: a small websearch-like parser --------------------------------------
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def first_phrase(q):
    """The words of the first quoted phrase, when the query has no `or` (so every match must
    contain them all); else None."""
    if re.search(r"(?i)(^|\s)or(\s|$)", q or ""):
        return None
    groups, _ = parse_terms(q)
    for group in groups:
        if " " in group[0]:
            return " ".join(group[0].split()[:6])
    return None


def has_words(text):
    """False when PostgreSQL's parser keeps no word of `text` (all stop words: "to be")."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(plainto_tsquery(%s::regconfig, %s)) > 0", [text_config(), text]
        )
        return cursor.fetchone()[0]


def parse_terms(q):
    """'budget "social care" -housing or care' -> groups of alternatives, and exclusions."""
    groups, excluded, join_next = [], [], False
    for negated, phrase, word in TOKEN.findall(q or ""):
        if word and word.lower() == "or" and groups:
            join_next = True
            continue
        text = phrase if phrase or not word else word
        if word.startswith("-") and len(word) > 1:
            negated, text = "-", word[1:]
        text = text.strip()
        if not text:
            continue
        if negated:
            excluded.append(text)
        elif join_next:
            groups[-1].append(text)
        else:
            groups.append([text])
        join_next = False
    return groups, excluded


def _contains(term):
    return Q(title__icontains=term) | Q(tags__icontains=term) | Q(body__icontains=term)


def _fallback(rows, q):
    groups, excluded = parse_terms(q)
    if not groups:
        return rows.none()
    for group in groups:
        alternatives = Q(pk__in=[])
        for term in group:
            alternatives |= _contains(term)
        rows = rows.filter(alternatives)
    for term in excluded:
        rows = rows.exclude(_contains(term))
    score = Value(0)
    for group in groups:
        for term in group:
            score = score + Case(
                When(title__icontains=term, then=Value(4)),
                When(tags__icontains=term, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
    return rows.annotate(rank=score)


# --- results ---------------------------------------------------------------------------------
class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (on the unranked query), so a very common word never makes
    the page count hundreds of thousands of matches. `count` can also be given (the size of a
    ranking window already read)."""

    def __init__(self, object_list, per_page, *, count_query=None, count=None, cap=RESULT_CAP):
        super().__init__(object_list, per_page)
        self.count_query = count_query
        self.known_count = count
        self.cap = cap

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        return self.count_query.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap


@dataclass
class Results:
    request: SearchRequest
    queryset: object  # ordered, visible, matching rows
    count_query: object
    tsquery: object = None
    ranked: bool = False
    base: object = None  # the visible, filtered rows before text matching (ranked searches)

    def page(self, number, per_page=20):
        """One page of results in a constant number of queries, whatever the number of matches:
        the page's ids in order (a narrow query), then those rows with their community, author
        and highlighted snippets; plus a capped count, or for ranked searches the ranking
        window (which is also the count)."""
        try:
            return self._page(number, per_page)
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) != QUERY_CANCELED:
                raise
            page = CappedPaginator([], per_page, count=0).get_page(1)
            page.too_broad = True
            return page

    def _page(self, number, per_page):
        with _search_session():
            if self.ranked:
                ranked = self._window()
                paginator = CappedPaginator(
                    ranked[:RANK_WINDOW], per_page, count=len(ranked), cap=RANK_WINDOW
                )
            else:
                ids = self.queryset.values_list("pk", flat=True)
                paginator = CappedPaginator(ids, per_page, count_query=self.count_query)
            page = paginator.get_page(number)
            page.object_list = fetch(list(page.object_list), self)
        return page

    def _window(self):
        """The ids of the RANK_WINDOW (+1) most recently updated matches, best first.

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
        phrase = '"' in self.request.q
        estimate = estimated_matches(self.request.q)
        if not phrase and estimate > walk_threshold():
            order = [F("updated").desc(), F("pk").desc()]
            return self._ids(self.queryset, order)
        stats = index_stats()
        for size, cutoff in zip(RECENT_SLICES, stats["cutoffs"], strict=True):
            expected = estimate * size / max(stats["rows"], 1)
            if cutoff is None or not (phrase or expected > 2 * RANK_WINDOW):
                continue
            recent = self._ids(self._in_slice(cutoff, phrase), order)
            if len(recent) > RANK_WINDOW:
                return recent
        return self._ids(self.queryset, order)

    def _in_slice(self, cutoff, phrase):
        """The matches updated since `cutoff`. For a phrase (in a query without `or`), the
        candidates are the slice's rows that have every word of the phrase, anywhere, taken
        from the GIN index (PostgreSQL estimates that well enough to AND it with the date
        range); the whole query is then checked on each of them with the (unindexable)
        function form of @@. Asked for the phrase directly, PostgreSQL estimates words that go
        together far too low, skips the date range, and checks every row in the index that has
        them."""
        words = first_phrase(self.request.q) if phrase else None
        if words is None or not has_words(words):
            return self.queryset.filter(updated__gte=cutoff)
        words_query = SearchQuery(words, search_type="plain", config=text_config())
        candidates = self.base.filter(updated__gte=cutoff, search_vector=words_query)
        return (
            SearchDocument.objects.filter(pk__in=candidates.values("pk"))  # visibility: base
            .alias(
                matches=Func(
                    F("search_vector"),
                    self.tsquery,
                    function="ts_match_vq",
                    output_field=BooleanField(),
                )
            )
            .filter(matches=True)
        )

    def _ids(self, queryset, order):
        """The window and its ranking in one query: the window's ids in a subquery, then only
        those rows' vectors ranked (ranking reads each candidate's whole vector)."""
        window = queryset.order_by(*order).values("pk")[: RANK_WINDOW + 1]
        return list(
            SearchDocument.objects.filter(pk__in=window)  # visibility: the window
            .annotate(rank=SearchRank(F("search_vector"), self.tsquery))
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
def _search_session():
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


def search(user, request):
    """Rows visible to `user` matching `request`, best first (or newest first)."""
    rows = filtered(user, request)
    if not request.has_text:
        return Results(request, rows.order_by("-updated", "-pk"), rows)
    if is_postgresql():
        tsquery = SearchQuery(request.q, search_type="websearch", config=text_config())
        matched = rows.filter(search_vector=tsquery)
        if request.newest_first:
            return Results(request, matched.order_by("-updated", "-pk"), matched, tsquery)
        return Results(request, matched, matched, tsquery, ranked=True, base=rows)
    matched = _fallback(rows, request.q)
    order = ["-updated", "-pk"] if request.newest_first else ["-rank", "-updated", "-pk"]
    return Results(request, matched.order_by(*order), matched)


def _marked(text):
    """Escape member text, then turn our private-use markers into <mark> elements."""
    escaped = html.escape(text or "")
    return mark_safe(  # noqa: S308 - escaped just above; only our own tags added
        escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    )


def _plain_snippet(body):
    body = body or ""
    if len(body) <= SNIPPET_CHARS:
        return body
    return body[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _python_highlight(text, terms, window=False):
    """For SQLite: mark each term (case-insensitive) and cut a window around the first one."""
    text = text or ""
    if window and len(text) > SNIPPET_CHARS:
        lowered = text.lower()
        hits = [lowered.find(t.lower()) for t in terms if t and lowered.find(t.lower()) >= 0]
        start = max(0, min(hits) - SNIPPET_CHARS // 3) if hits else 0
        cut = text[start : start + SNIPPET_CHARS]
        text = ("… " if start else "") + cut + (" …" if start + SNIPPET_CHARS < len(text) else "")
    if not terms:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    marked = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text)
    return marked


def fetch(ids, results):
    """The rows with these ids, in this order, with `title_html` and `snippet_html` set."""
    if not ids:
        return []
    request = results.request
    rows = (
        SearchDocument.objects.filter(pk__in=ids)  # visibility: ids above
        .select_related("community", "author")
        .only(*SHOWN_FIELDS, "body")
    )
    if results.tsquery is not None:
        config = text_config()
        marks = {"start_sel": MARK_START, "stop_sel": MARK_END}
        rows = rows.annotate(
            title_hl=SearchHeadline(
                "title", results.tsquery, config=config, highlight_all=True, **marks
            ),
            body_hl=SearchHeadline(
                "body",
                results.tsquery,
                config=config,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        ).only(*SHOWN_FIELDS)
    by_pk = {row.pk: row for row in rows}
    ordered = [by_pk[pk] for pk in ids if pk in by_pk]
    if results.tsquery is not None:
        for row in ordered:
            row.title_html = _marked(row.title_hl)
            row.snippet_html = _marked(row.body_hl)
    elif request.has_text:
        groups, _ = parse_terms(request.q)
        terms = [term for group in groups for term in group]
        for row in ordered:
            row.title_html = _marked(_python_highlight(row.title, terms))
            row.snippet_html = _marked(_python_highlight(row.body, terms, window=True))
    else:
        for row in ordered:
            row.title_html = _marked(row.title)
            row.snippet_html = _marked(_plain_snippet(row.body))
    return ordered
