"""What the search page does: matching, ranking, snippets, filters, the rebuild command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from search import planner as search_query
from search.models import SearchDocument
from search.query import SearchRequest, parse_terms, search
from search.services import rebuild
from tags.services import tag_add
from tests.blogs.factories import entry as blog_entry
from tests.documents.factories import document
from tests.forums.factories import reply, topic
from tests.search.helpers import committed
from tests.wikis.factories import page
from wikis.models import WikiPage

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (stemming, websearch syntax, ts_rank, ts_headline); "
    "`make test` runs it on PostgreSQL",
)


def titles(user, q="", **filters):
    return [row.title for row in search(user, SearchRequest(q=q, **filters)).page(1).object_list]


def age(item, days):
    """Pretend an item's index row was last updated `days` ago."""
    SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    ).update(updated=timezone.now() - timedelta(days=days))


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(public, priya):
    in_body = page(
        public,
        priya,
        title="Notes from the meeting",
        body="<p>We talked about the recycling targets.</p>",
    )
    page(public, priya, title="Recycling targets 2024", body="<p>Figures by district.</p>")
    age(in_body, 0)  # the body match is the newer one, and still comes second
    assert titles(priya, "recycling") == ["Recycling targets 2024", "Notes from the meeting"]


def test_equally_good_matches_come_most_recent_first(public, priya):
    older = page(public, priya, title="Parking review", body="<p>Phase one.</p>")
    page(public, priya, title="Parking charges", body="<p>Phase two.</p>")
    age(older, 30)
    assert titles(priya, "parking") == ["Parking charges", "Parking review"]
    assert titles(priya, "parking", newest_first=True) == ["Parking charges", "Parking review"]


def test_snippets_highlight_the_words_and_escape_everything_else(client, public, priya):
    page(
        public,
        priya,
        title="Tips <b>bold</b> budget",
        body="<p>Paste &lt;script&gt;alert(1)&lt;/script&gt; and the budget figures.</p>",
    )
    client.force_login(priya)
    html = client.get(reverse("search:index") + "?q=budget").text
    assert "<mark>budget</mark> figures" in html
    assert "Tips &lt;b&gt;bold&lt;/b&gt; <mark>budget</mark>" in html
    assert "<script>alert" not in html and "<b>bold" not in html


def test_phrases_exclusions_and_alternatives(public, priya):
    page(public, priya, title="Adult social care", body="<p>Charging policy.</p>")
    page(public, priya, title="Care leavers", body="<p>Social workers and housing.</p>")
    page(public, priya, title="Housing benefit", body="<p>Changes this year.</p>")
    assert titles(priya, '"social care"') == ["Adult social care"]
    assert titles(priya, "care -housing") == ["Adult social care"]
    assert sorted(titles(priya, "charging or benefit")) == ["Adult social care", "Housing benefit"]


def test_the_fallback_parser_reads_websearch_syntax():
    assert parse_terms('budget "social care" -housing or care') == (
        [["budget"], ["social care", "care"]],
        ["housing"],
    )


def test_filters_by_type_community_tag_and_date(public, private, priya, owen):
    wiki = page(public, priya, title="Flood plan", body="<p>Sandbags.</p>")
    doc = document(public, priya, title="Flood map", description="<p>Zones.</p>")
    page(private, priya, title="Flood drill", body="<p>Private exercise.</p>")
    with committed():
        tag_add(user=owen, item=doc, names="emergency")
    age(wiki, 60)
    assert sorted(titles(priya, "flood", kinds=["wiki"])) == ["Flood drill", "Flood plan"]
    assert titles(priya, "flood", kinds=["document"]) == ["Flood map"]
    assert titles(priya, "flood", community=private) == ["Flood drill"]
    from taggit.models import Tag

    assert titles(priya, "flood", tag=Tag.objects.get(name="emergency")) == ["Flood map"]
    since = (timezone.now() - timedelta(days=7)).date()
    assert "Flood plan" not in titles(priya, "flood", date_from=since)
    assert titles(priya, "flood", date_to=since) == ["Flood plan"]
    # Filters alone (no words) list everything that passes them, newest first.
    assert titles(owen, "", kinds=["document"]) == ["Flood map"]


def test_bad_filters_are_explained_and_what_was_typed_is_kept(client, priya):
    client.force_login(priya)
    response = client.get(
        reverse("search:index") + "?q=adoption+panel&date_from=2024-05-01&date_to=2024-04-01"
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "earlier than the “on or after” date" in response.text
    assert 'value="adoption panel"' in response.text
    response = client.get(reverse("search:index") + "?q=x&date_from=yesterday")
    assert "Enter a date like 2024-03-31." in response.text


def test_the_page_says_what_it_searches(client, priya):
    client.force_login(priya)
    lead = client.get(reverse("search:index")).text
    assert "Search forum topics, events, documents, wiki pages and blog entries in" in lead


def test_an_unknown_tag_finds_nothing(client, public, priya):
    page(public, priya, title="Flood plan")
    client.force_login(priya)
    html = client.get(reverse("search:index") + "?q=flood&tag=no-such-tag").text
    assert "Nothing you can see matches" in html


def test_forum_topics_are_found_by_their_replies_and_blog_entries_by_their_text(
    public, priya, owen
):
    with committed():
        thread = topic(public, priya, title="Online tools we use", body="<p>Which ones?</p>")
        reply(thread, owen, body="<p>We love Trello for planning.</p>")
        blog_entry(owen, title="My week", body="<p>Trello boards everywhere.</p>")
    assert sorted(titles(priya, "trello")) == ["My week", "Online tools we use"]


def test_search_page_queries_do_not_grow_with_the_results(client, public, priya):
    from django.test.utils import CaptureQueriesContext

    for n in range(25):
        page(public, priya, title=f"Budget paper {n}", body="<p>Budget lines.</p>")
    page(public, priya, title="Parking paper", body="<p>Parking.</p>")
    client.force_login(priya)
    client.get(reverse("search:index") + "?q=warm")  # per-process caches (content types, sizes)
    counts = {}
    for q in ("budget", "parking", "budget&page=2"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("search:index") + f"?q={q}")
        counts[q] = len(queries)
        assert response.status_code == 200
    assert response.text.count('class="result"') == 5  # page 2 of 25
    assert counts["budget"] == counts["parking"] == counts["budget&page=2"] <= 14, counts


def test_rebuild_indexes_everything_drops_stale_rows_and_is_idempotent(public, priya):
    wiki = page(public, priya, title="Flood plan")
    with committed():
        thread = topic(public, priya, title="Flood warnings")
    WikiPage.objects.filter(pk=wiki.pk).update(title="Flood plan (renamed quietly)")
    SearchDocument.objects.filter(kind="topic").delete()  # as if an index task was lost
    SearchDocument.objects.create(
        content_type=SearchDocument.objects.get(kind="wiki").content_type,
        object_id=999_999,
        kind="wiki",
        title="A page that no longer exists",
        url="/gone/",
        created=timezone.now(),
        updated=timezone.now(),
    )
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert sorted(SearchDocument.objects.values_list("title", flat=True)) == [
        "Flood plan (renamed quietly)",
        "Flood warnings",
    ]
    before = list(SearchDocument.objects.order_by("kind").values_list("kind", "object_id", "title"))
    totals = rebuild(batch_size=1)
    assert (totals["topic"], totals["wiki"], totals["document"]) == (1, 1, 0)
    after = list(SearchDocument.objects.order_by("kind").values_list("kind", "object_id", "title"))
    assert before == after and thread.pk in [row[1] for row in after]


@POSTGRES_ONLY
def test_postgresql_stems_words_and_ranks_with_weights(public, priya):
    page(public, priya, title="Councils and their committees", body="<p>Minutes.</p>")
    page(public, priya, title="Minutes", body="<p>The council met on Tuesday.</p>")
    assert titles(priya, "council") == ["Councils and their committees", "Minutes"]
    assert titles(priya, "committee") == ["Councils and their committees"]


@POSTGRES_ONLY
def test_postgresql_headlines_mark_stemmed_matches(client, public, priya):
    page(
        public,
        priya,
        title="Budgets",
        body="<p>" + "Filler words. " * 40 + "The budgeting cycle starts in March.</p>",
    )
    client.force_login(priya)
    html = client.get(reverse("search:index") + "?q=budget").text
    assert "<mark>budgeting</mark>" in html and "<mark>Budgets</mark>" in html


@POSTGRES_ONLY
def test_postgresql_both_ways_of_finding_candidates_give_the_same_results(
    public, priya, monkeypatch
):
    for n in range(30):
        page(public, priya, title=f"Waste strategy {n}", body=f"<p>Waste {'bins ' * (n % 4)}</p>")
    monkeypatch.setattr(search_query, "RANK_WINDOW", 10)
    monkeypatch.setattr(search_query, "walk_threshold", lambda: -1)  # always walk the index
    walked = titles(priya, "waste bins")
    monkeypatch.setattr(search_query, "walk_threshold", lambda: 10**9)  # always the GIN index
    assert titles(priya, "waste bins") == walked and len(walked) == 10


@POSTGRES_ONLY
def test_postgresql_phrases_found_through_the_newest_slice_match_a_plain_search(
    public, priya, monkeypatch
):
    for n in range(12):
        page(
            public,
            priya,
            title=f"Minutes {n}",
            body="<p>The parish council met.</p>" if n % 2 else "<p>Council of the parish.</p>",
        )
    plain = titles(priya, '"parish council"')
    monkeypatch.setattr(search_query, "RANK_WINDOW", 3)
    monkeypatch.setattr(
        search_query,
        "index_stats",
        lambda: {"rows": 10**6, "cutoffs": [timezone.now() - timedelta(days=1)]},
    )
    sliced = titles(priya, '"parish council"')
    assert len(plain) == 6 and sliced == plain[:3]
    assert titles(priya, '"parish council" or budget') == plain[:3]
    # A phrase of stop words only drops out of the query, as it does without the slice.
    assert len(titles(priya, '"of the" parish')) == 3


def test_the_community_filter_lists_my_communities_and_finds_any_other_by_its_name(
    client, public, private, priya, owen, django_assert_max_num_queries
):
    """The list holds the member's own communities only, however many they can see; any other
    community they can see is found by its typed name, and a hidden one is never found."""
    from tests.communities.factories import CommunityFactory, member_of

    for n in range(40):
        CommunityFactory(name=f"Open Community {n}")
    page(public, priya, title="Flood plan", body="<p>Flood.</p>")
    client.force_login(owen)
    html = client.get(reverse("search:index")).text
    assert "Social Media and Online Collaboration</option>" in html
    assert "Open Community 7</option>" not in html and "Adoption Policy CoP" not in html

    other = CommunityFactory(name="Coastal Flooding CoP")
    member_of(other, priya)
    with committed():
        page(other, priya, title="Flood barriers", body="<p>Flood.</p>")
    with django_assert_max_num_queries(16):
        found = client.get(reverse("search:index") + "?q=flood&community_name=coastal+flooding+cop")
    assert found.status_code == 200 and "barriers" in found.text
    assert "plan" not in found.text.split("results-title")[1]

    hidden = client.get(reverse("search:index") + "?q=flood&community_name=Adoption+Policy+CoP")
    assert hidden.status_code == 400
    assert "No community you can see is called “Adoption Policy CoP”." in hidden.text
    assert 'value="Adoption Policy CoP"' in hidden.text  # what was typed is kept


@POSTGRES_ONLY
def test_postgresql_the_visible_communities_are_one_bigint_array_parameter(public, priya):
    """However many communities a member can see, the search sends them as one array cast to
    bigint[]: the type of the id column, so PostgreSQL hashes the list instead of comparing
    every row with each id in turn (psycopg would send small ids as a smallint[])."""
    from tests.communities.factories import CommunityFactory

    for n in range(12):
        CommunityFactory(name=f"Open Community {n}")
    page(public, priya, title="Flood plan", body="<p>Flood.</p>")
    rows = search(priya, SearchRequest(q="flood")).queryset
    sql, params = rows.query.sql_with_params()
    arrays = [p for p in params if isinstance(p, str) and p.startswith("{")]
    assert "= ANY(%s::bigint[])" in sql and arrays and len(arrays[0].split(",")) >= 13
    assert titles(priya, "flood") == ["Flood plan"]


@POSTGRES_ONLY
def test_postgresql_words_found_through_the_newest_slice_match_a_plain_search(
    public, priya, monkeypatch
):
    """A word is looked for among the newest rows first; the page is the same as without the
    slice, whether the slice holds the ranking window or not (then the search looks further)."""
    made = [
        page(public, priya, title=f"Recycling note {n}", body=f"<p>Recycling {'bins ' * n}</p>")
        for n in range(8)
    ]
    for n, item in enumerate(made):
        age(item, n * 10)
    assert len(titles(priya, "recycling bins")) == 7  # note 0 has no bins
    monkeypatch.setattr(search_query, "RANK_WINDOW", 3)
    monkeypatch.setattr(search_query, "walk_threshold", lambda: 10**9)  # never walk
    monkeypatch.setattr(search_query, "estimated_matches", lambda q: 10**5)
    unsliced = {"rows": 10**6, "cutoffs": [None], "slices": []}
    monkeypatch.setattr(search_query, "index_stats", lambda: unsliced)
    plain = titles(priya, "recycling bins")  # the newest 4 matches, ranked
    for days, matches_in_slice in ((45, 4), (15, 1)):  # the window needs more than 3
        cutoff = timezone.now() - timedelta(days=days)
        stats = {"rows": 10**6, "cutoffs": [None], "slices": [(10_000, cutoff)]}
        monkeypatch.setattr(search_query, "index_stats", lambda stats=stats: stats)
        assert search_query.word_slice(10**5, stats) == cutoff
        assert sum(1 for n in range(1, 8) if n * 10 < days) == matches_in_slice
        assert titles(priya, "recycling bins") == plain


def test_a_word_slice_is_the_smallest_expected_to_hold_the_window_and_only_when_cheaper():
    stats = {
        "rows": 1_000_000,
        "slices": [(10_000, "10k"), (20_000, "20k"), (40_000, "40k"), (80_000, "80k")],
    }
    window = search_query.SLICE_MARGIN * search_query.RANK_WINDOW  # 900 matches expected
    assert window == 900
    assert search_query.word_slice(60_000, stats) == "20k"  # 1,200 expected (600 in 10,000)
    assert search_query.word_slice(20_000, stats) == "80k"  # 1,600 expected (800 in 40,000)
    assert search_query.word_slice(12_000, stats) is None  # 80,000 rows cost more than 12,000
    assert search_query.word_slice(6_000, stats) is None  # no slice would hold it
    assert search_query.word_slice(10**5, {"rows": 10**6, "cutoffs": [None]}) is None
