"""The ranked search's SQL (search/planner.py) is written around the WHERE of the visible,
filtered rows that the ORM compiles (`where_of`): these tests check that it finds exactly the
rows the ORM query finds, in the same order, for every kind of searcher and filter, and that a
search stopped by its time limit asks the member to narrow it."""

from datetime import date, timedelta

import pytest
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from search import planner
from search.query import SearchRequest, search
from tags.services import tag_add
from tests.accounts.factories import AdminFactory, UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.forums.factories import topic
from tests.search.helpers import committed
from tests.wikis.factories import page

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the ranked SQL is PostgreSQL's"
)


def orm_ranked(user, request, window=None):
    """The same search through the ORM alone: the `window` newest visible matches (all by
    default), best first."""
    results = search(user, request)
    newest = results.queryset.order_by("-updated", "-pk").values("pk")
    rows = results.queryset.filter(pk__in=newest[:window] if window else newest)
    return list(
        rows.annotate(rank=SearchRank(F("search_vector"), results.tsquery))
        .order_by("-rank", "-updated", "-pk")
        .values_list("pk", flat=True)
    )


@POSTGRES_ONLY
def test_postgresql_the_ranked_sql_finds_what_the_orm_finds_for_every_searcher(
    public, private, priya, owen, monkeypatch
):
    sub = CommunityFactory(name="Fostering sub-group", private=True, parent=private)
    member_of(sub, priya)
    with committed():
        page(public, priya, title="Flood plan", body="<p>Flood barriers and flood maps.</p>")
        page(private, priya, title="Flood risk", body="<p>Private flood notes.</p>")
        topic(sub, priya, title="Flood panel", body="<p>Flood in the sub-community.</p>")
        document(public, priya, title="Flood leaflet", description="<p>Flood.</p>")
        blog_entry(priya, title="My flood diary", body="<p>Flood at home.</p>")
        blog_entry(priya, title="Flood lessons", body="<p>Flood.</p>", communities=[private])
        tagged = page(public, priya, title="Tagged flood page", body="<p>Flood.</p>")
    (tag,) = tag_add(user=priya, item=tagged, names="resilience")
    outsider = UserFactory(name="Nobody Special")
    admin = AdminFactory()
    requests = [
        SearchRequest(q="flood"),
        SearchRequest(q='"flood maps" or panel'),
        SearchRequest(q="flood -risk"),
        SearchRequest(q="flood", kinds=["wiki"]),
        SearchRequest(q="flood", community=private),
        SearchRequest(q="flood", tag=tag),
        SearchRequest(q="flood", date_from=date(2000, 1, 1), date_to=date(2999, 1, 1)),
    ]
    seen = {}
    for user in (priya, owen, outsider, admin):
        for request in requests:
            found = planner.ranked_ids(search(user, request))
            assert found == orm_ranked(user, request), (user, request)
            seen[user.name, request.q, bool(request.tag)] = len(found)
    assert seen["Priya Shah", "flood", False] == 7
    assert seen["Owen Jones", "flood", False] == seen["Nobody Special", "flood", False] == 4
    assert seen["Priya Shah", "flood", True] == 1

    # Looked for in a newest slice first (the slice's SQL nests the same WHERE in a subquery):
    # the window is still the newest matches, ranked.
    monkeypatch.setattr(planner, "RANK_WINDOW", 1)
    monkeypatch.setattr(planner, "walk_threshold", lambda: 10**9)
    monkeypatch.setattr(planner, "estimated_matches", lambda q: 10**5)
    past = timezone.now() - timedelta(days=1)
    stats = {"rows": 10**6, "cutoffs": [past], "slices": [(10_000, past)], "read_at": 0}
    monkeypatch.setattr(planner, "index_stats", lambda: stats)
    for user in (priya, owen, admin):
        for request in [*requests, SearchRequest(q='"flood maps"', tag=tag)]:
            found = planner.ranked_ids(search(user, request))
            assert found == orm_ranked(user, request, window=2), (user, request)


@POSTGRES_ONLY
def test_postgresql_the_page_reads_its_rows_community_and_author_in_one_query(
    client, public, priya
):
    with committed():
        for n in range(25):
            page(public, priya, title=f"Waste note {n}", body=f"<p>Waste {n}.</p>")
    client.force_login(priya)
    client.get(reverse("search:index") + "?q=waste")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("search:index") + "?q=waste").text
    shown = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    assert len(shown) == 1
    assert html.count('class="result__title"') == 20
    assert "Social Media and Online Collaboration</a>" in html and "by Priya Shah" in html
    assert "<mark>Waste</mark>" in html


@POSTGRES_ONLY
def test_postgresql_a_search_stopped_by_its_time_limit_asks_to_narrow_it(
    client, public, priya, monkeypatch
):
    with committed():
        page(public, priya, title="Flood plan", body="<p>Flood.</p>")

    def slow_estimate(q, search_type="websearch"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return 1

    monkeypatch.setattr(planner, "STATEMENT_TIMEOUT_MS", 50)
    monkeypatch.setattr(planner, "estimated_matches", slow_estimate)
    client.force_login(priya)
    response = client.get(reverse("search:index") + "?q=flood")
    assert response.status_code == 200
    assert "This search matches too much to finish quickly." in response.text
