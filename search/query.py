"""Searching the index: one function for the search page, the wiki's own search and tag pages.

On PostgreSQL: `websearch_to_tsquery` (so people can type "quoted phrases", or, -exclusions),
the GIN index, `ts_rank` over the weighted vector (title A, tags B, body C: a word in the title
counts far more than one in the body), most recently updated first among equals, and
`ts_headline` snippets for the page's rows only. On SQLite, search/fallback.py: every word must
appear in the title, tags or body (case-insensitive), title matches first.

Every query starts from `SearchDocument.objects.visible_to(user)` (`filtered`): the visibility
rule lives there and nowhere else. How a ranked search stays fast on a large index (the ranking
window, the session settings) is in search/planner.py. Snippets are escaped here; only our own
<mark> tags are added.
"""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.postgres.search import SearchQuery
from django.db import OperationalError, connection
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.links import url_maker
from core.paging import CappedPaginator as BaseCappedPaginator

from . import planner
from .fallback import matching, parse_terms
from .models import SearchDocument
from .registry import tagged_items
from .services import is_postgresql, text_config

MARK_START, MARK_END = "\ue000", "\ue001"
# What a result shows (search/includes/_results.html, the API): nothing else is read for the
# page. The row's own fields, then its community's.
SHOWN_FIELDS = ("id", "kind", "title", "url", "tags", "updated", "community_id", "author_id")
COMMUNITY_FIELDS = ("id", "name", "slug", "stage", "read_only_from")
RESULT_CAP = 1000  # beyond this the page says "more than 1,000 results"
SNIPPET_CHARS = 240


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


# --- results ---------------------------------------------------------------------------------
class CappedPaginator(BaseCappedPaginator):
    """Counts at most `cap` + 1 rows (on the unranked query), so a very common word never makes
    the page count hundreds of thousands of matches; `count` is what was counted."""

    cap = RESULT_CAP
    count_past_cap = True


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
            cause = error.__cause__  # psycopg 3 names the code `sqlstate`, psycopg2 `pgcode`
            code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
            if code != planner.QUERY_CANCELED:
                raise
            page = CappedPaginator([], per_page, count=0).get_page(1)
            page.too_broad = True
            return page

    def _page(self, number, per_page):
        with planner.search_session():
            if self.ranked:
                ranked = planner.ranked_ids(self)
                window = planner.RANK_WINDOW
                paginator = CappedPaginator(
                    ranked[:window], per_page, count=len(ranked), cap=window
                )
            else:
                ids = self.queryset.values_list("pk", flat=True)
                paginator = CappedPaginator(ids, per_page, count_query=self.count_query)
            page = paginator.get_page(number)
            page.object_list = fetch(list(page.object_list), self)
        return page


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
    matched = matching(rows, request.q)
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
    """The rows with these ids, in this order, with `title_html`, `snippet_html` and
    `community_url` set, and their community and author in one query."""
    if not ids:
        return []
    request = results.request
    headlines = results.tsquery is not None
    rows = _shown_rows(ids, request.q if headlines else None)
    by_pk = {row.pk: row for row in rows}
    ordered = [by_pk[pk] for pk in ids if pk in by_pk]
    home_url = url_maker("communities:home", "slug")  # one reverse for the page's links
    for row in ordered:
        community = row._state.fields_cache.get("community")  # attached by _shown_rows
        row.community_url = home_url(community.slug) if community is not None else ""
    if headlines:
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


# The headlines' options (PostgreSQL's ts_headline): every match in the title; up to two
# fragments of 15-35 words of the body.
TITLE_HEADLINE = {"StartSel": MARK_START, "StopSel": MARK_END, "HighlightAll": True}
BODY_HEADLINE = {
    "StartSel": MARK_START,
    "StopSel": MARK_END,
    "MaxWords": 35,
    "MinWords": 15,
    "MaxFragments": 2,
    "FragmentDelimiter": " … ",
}


def _headline_options(options):
    """The options as ts_headline's option string, quoted once per process (quoting each value
    through the driver cost more than the rest of building the statement)."""
    key = tuple(options.items())
    if key not in _quoted_options:
        _quoted_options[key] = ", ".join(
            connection.ops.compose_sql(f"{option}=%s", [value]) for option, value in key
        )
    return _quoted_options[key]


_quoted_options = {}


def _shown_rows(ids, q):
    """SearchDocument instances (only SHOWN_FIELDS loaded) with their community and author
    attached; with `q`, `title_hl` and `body_hl` from ts_headline, else `body`. One SQL
    statement by ids (the visibility rule chose the ids): Django's select_related and
    SearchHeadline cost more to build than the statement takes to run."""
    author_model = SearchDocument._meta.get_field("author").related_model
    community_model = SearchDocument._meta.get_field("community").related_model
    body = () if q is not None else ("body",)
    parts = [
        ("d", SearchDocument, _in_model_order(SearchDocument, (*SHOWN_FIELDS, *body))),
        ("c", community_model, _in_model_order(community_model, COMMUNITY_FIELDS)),
        ("u", author_model, _in_model_order(author_model, ("id", "name"))),
    ]
    columns = [f"{alias}.{field.column}" for alias, _, fields in parts for field in fields]
    params = []
    if q is not None:
        config = text_config()
        query = "websearch_to_tsquery(%s::regconfig, %s)"
        columns.append(f"ts_headline(%s::regconfig, d.title, {query}, %s)")
        columns.append(f"ts_headline(%s::regconfig, d.body, {query}, %s)")
        params += [config, config, q, _headline_options(TITLE_HEADLINE)]
        params += [config, config, q, _headline_options(BODY_HEADLINE)]
    # visibility: by ids, which the rule chose
    sql = (
        f"SELECT {', '.join(columns)} FROM {SearchDocument._meta.db_table} d"  # noqa: S608 - fixed names
        f" LEFT JOIN {community_model._meta.db_table} c ON c.id = d.community_id"
        f" LEFT JOIN {author_model._meta.db_table} u ON u.id = d.author_id"
        f" WHERE d.id IN ({', '.join(['%s'] * len(ids))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *(int(pk) for pk in ids)])
        found = cursor.fetchall()
    alias = connection.alias
    names = [[field.attname for field in fields] for _, _, fields in parts]
    rows = []
    for values in found:
        made, start = [], 0
        for (_, model, fields), attnames in zip(parts, names, strict=True):
            chunk = values[start : start + len(fields)]
            start += len(fields)
            made.append(model.from_db(alias, attnames, chunk) if chunk[0] else None)
        row, community, author = made
        if community is not None:
            row.community = community
        if author is not None:
            row.author = author
        if q is not None:
            row.title_hl, row.body_hl = values[start:]
        rows.append(row)
    return rows


def _in_model_order(model, names):
    """These fields of `model` in the order of its columns (Model.from_db expects it)."""
    return [field for field in model._meta.concrete_fields if field.attname in names]
