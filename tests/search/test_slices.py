"""The newest slices a ranked search looks in first (search/planner.py): a slice holds the
number of rows it was cut for however many rows share one `updated` time, a slice that held
too few matches is looked in once more, wider, and the page is always the one a search of
every match gives."""

from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from search import planner
from search.models import SearchDocument
from search.query import SearchRequest, search
from tests.search.helpers import committed
from tests.wikis.factories import page

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the ranked SQL is PostgreSQL's"
)


def orm_ranked(user, request, window):
    """The `window` newest visible matches through the ORM alone, best first."""
    results = search(user, request)
    newest = results.queryset.order_by("-updated", "-pk").values("pk")[:window]
    rows = results.queryset.filter(pk__in=newest)
    return list(
        rows.annotate(rank=SearchRank(F("search_vector"), results.tsquery))
        .order_by("-rank", "-updated", "-pk")
        .values_list("pk", flat=True)
    )


def ranked_statements(queries):
    return [q["sql"] for q in queries.captured_queries if "ts_rank" in q["sql"]]


def twenty_notes(public, priya):
    """Notes 0-19 in `public`, Note n updated n hours ago; every third says "Grit", the others
    "Recycling"."""
    with committed():
        made = [
            page(
                public,
                priya,
                title=f"Note {n}",
                body=f"<p>{'Grit' if n % 3 == 0 else 'Recycling'}</p>",
            )
            for n in range(20)
        ]
    now = timezone.now()
    for n, item in enumerate(made):
        SearchDocument.objects.filter(object_id=item.pk, kind="wiki").update(
            updated=now - timedelta(hours=n)
        )


@pytest.fixture
def small_slices(monkeypatch):
    """Slices of 3, 4, 6 and 9 rows (and a phrase's first of 3), read afresh from the index."""
    monkeypatch.setattr(planner, "RECENT_SLICES", (3,))
    monkeypatch.setattr(planner, "SLICE_SIZES", (3, 4, 6, 9))
    monkeypatch.setattr(planner, "_stats", {"rows": 0, "cutoffs": [None], "read_at": -1e9})
    monkeypatch.setattr(planner, "RANK_WINDOW", 2)
    monkeypatch.setattr(planner, "walk_threshold", lambda: 10**9)  # never walk

    def fresh_stats():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
        planner._stats["read_at"] = -1e9
        return planner.index_stats()

    return fresh_stats


@POSTGRES_ONLY
def test_postgresql_a_slice_holds_its_size_when_many_rows_share_one_updated_time(
    public, priya, small_slices
):
    with committed():
        for n in range(20):
            page(public, priya, title=f"Recycling note {n}", body="<p>Recycling bins.</p>")
    same_time = timezone.now() - timedelta(days=3)
    SearchDocument.objects.update(updated=same_time)
    stats = small_slices()
    assert stats["rows"] == 20 and [size for size, _ in stats["slices"]] == [3, 4, 6, 9]
    table = SearchDocument._meta.db_table
    for size, cutoff in stats["slices"]:
        assert cutoff[0] == same_time
        condition, params = planner._since(cutoff)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {condition}", params)  # noqa: S608
            # the cut-off row itself is the one more
            assert cursor.fetchone()[0] == size + 1
    assert planner._since(same_time) == ("updated >= %s", (same_time,))


@POSTGRES_ONLY
def test_postgresql_a_slice_with_too_few_matches_is_looked_in_once_more_wider(
    public, priya, small_slices, monkeypatch
):
    """Notes 0-19, newest first, every third without the word. The first slice (the 4 newest
    rows, cut for 3) holds 2 matches: enough for a window of 1; for a window of 2 the search
    looks once more in the 10 newest rows (1.5 windows at 2 matches in 3 rows need 6.75);
    a window of 5 would need 13.5 rows, more than any slice, so every match is read. The page
    is always the one a search of every match gives."""
    twenty_notes(public, priya)
    stats = small_slices()
    monkeypatch.setattr(planner, "estimated_matches", lambda q: 10**6)
    monkeypatch.setattr(planner, "SLICE_ROW_COST", 0.0)
    assert planner.word_slice(10**6, stats) == stats["slices"][0][1]
    request = SearchRequest(q="recycling")
    # (window, ranked statements, of which in a slice)
    for window, statements, sliced in ((1, 1, 1), (2, 2, 2), (5, 2, 1)):
        monkeypatch.setattr(planner, "RANK_WINDOW", window)
        with CaptureQueriesContext(connection) as queries:
            found = planner.ranked_ids(search(priya, request))
        assert found == orm_ranked(priya, request, window=window + 1), window
        ranked = ranked_statements(queries)
        assert len(ranked) == statements, window
        assert sum(1 for sql in ranked if "(updated >" in sql) == sliced, window


def test_a_wider_slice_is_chosen_from_the_density_seen_and_only_when_cheaper():
    stats = {
        "rows": 1_000_000,
        "cutoffs": ["50k"],
        "slices": [(10_000, "10k"), (20_000, "20k"), (40_000, "40k"), (80_000, "80k")],
    }
    # 100 matches in 10,000 rows: 1.5 windows of 301 need 45,150 rows
    assert planner.wider_slice("10k", 100, 20_000, stats) == "80k"
    assert planner.wider_slice("10k", 100, 12_000, stats) is None  # 12,800 > every match
    assert planner.wider_slice("10k", 100, None, stats) == "80k"  # a phrase: no estimate
    assert planner.wider_slice("10k", 0, 20_000, stats) is None  # no density to go by
    assert planner.wider_slice("10k", 10, 20_000, stats) is None  # 451,500 rows: none so wide
    assert planner.wider_slice("50k", 300, None, stats) == "80k"  # after a phrase's slice
    assert planner.wider_slice("unknown", 100, None, stats) is None


@POSTGRES_ONLY
def test_postgresql_a_search_that_needed_a_wider_slice_starts_there_next_time(
    public, priya, small_slices, monkeypatch
):
    """As above, a window of 2 needs the wider slice: the same search again looks there first
    (one ranked statement, one GIN scan), with the same page; other words or filters, and a
    fresh read of the index statistics, start from their estimate again."""
    twenty_notes(public, priya)
    small_slices()
    monkeypatch.setattr(planner, "estimated_matches", lambda q: 10**6)
    monkeypatch.setattr(planner, "SLICE_ROW_COST", 0.0)
    request = SearchRequest(q="recycling")

    def statements(request):
        with CaptureQueriesContext(connection) as queries:
            found = planner.ranked_ids(search(priya, request))
        assert found == orm_ranked(priya, request, window=3)
        return len(ranked_statements(queries))

    assert statements(request) == 2
    assert statements(request) == 1
    assert statements(request) == 1
    assert statements(SearchRequest(q="recycling", kinds=["wiki"])) == 2
    assert statements(SearchRequest(q="notes")) == 1  # every note: the first slice holds it
    small_slices()
    assert statements(request) == 2


def test_the_slice_memory_forgets_what_a_first_slice_was_enough_for():
    learned = planner.collections.OrderedDict()
    planner._learn(learned, "a", "10k", "80k")
    assert learned == {"a": "80k"}
    planner._learn(learned, "a", "80k", "80k")  # started where it learned: kept
    assert learned == {"a": "80k"}
    planner._learn(learned, "a", "10k", "10k")  # its estimate's slice was enough
    assert learned == {}
    planner._learn(learned, "b", "10k", None)  # every match was read
    assert learned == {"b": None}
