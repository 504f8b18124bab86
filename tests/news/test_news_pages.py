"""The "News feeds" tab: items newest first, "View news feeds from", adding and removing feeds,
the members-may-add setting, "Fetch now" — and no page ever fetches from the internet."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import NewsFeed, NewsSettings
from tests.news.factories import NewsFeedFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page tried to fetch a feed")

    monkeypatch.setattr("news.services.fetch", refuse)


def test_items_are_newest_first_and_can_be_narrowed_to_one_feed(
    client, community, reader, no_network
):
    bbc = NewsFeedFactory(community=community, name="BBC")
    anecdote = NewsFeedFactory(community=community, name="Anecdote")
    now = timezone.now()
    NewsItemFactory(
        feed=bbc, title="US attorney general steps down", published_at=now - timedelta(hours=1)
    )
    NewsItemFactory(feed=anecdote, title="Stories at work", published_at=now - timedelta(hours=3))
    NewsItemFactory(
        feed=bbc, title="Court hears blast cause", published_at=now - timedelta(hours=2)
    )
    client.force_login(reader)
    url = reverse("news:index", args=[community.slug])

    page = client.get(url).content.decode()
    assert "<h1>All news feeds</h1>" in page
    assert (
        page.index("US attorney general")
        < page.index("Court hears blast cause")
        < page.index("Stories at work")
    )
    assert '<label for="id_feed">View news feeds from</label>' in page
    assert '<option value="" selected>All news feeds</option>' in page

    page = client.get(url, {"feed": bbc.pk}).content.decode()
    assert "<h1>News from BBC</h1>" in page
    assert "Stories at work" not in page and "Court hears blast cause" in page
    assert f'<option value="{bbc.pk}" selected>BBC</option>' in page
    assert "BBC | " in page


def test_items_page_costs_constant_queries(
    client, community, reader, django_assert_max_num_queries
):
    for feed in NewsFeedFactory.create_batch(5, community=community):
        NewsItemFactory.create_batch(10, feed=feed)
    client.force_login(reader)
    client.get(reverse("news:index", args=[community.slug]))  # warms communities.sight
    with django_assert_max_num_queries(12):
        response = client.get(reverse("news:index", args=[community.slug]))
    assert response.content.decode().count('class="news-item"') == 20
    assert "Page 1 of 3" in response.content.decode()


def test_a_facilitator_subscribes_to_a_feed(client, community, facilitator, no_network):
    client.force_login(facilitator)
    response = client.post(
        reverse("news:feeds", args=[community.slug]),
        {"name": "LG New media", "url": "https://lgnewmedia.example.org/feed"},
    )
    assert response.status_code == 302
    feed = NewsFeed.objects.get()
    assert (feed.name, feed.added_by, feed.last_status) == ("LG New media", facilitator, "new")
    page = client.get(reverse("news:feeds", args=[community.slug])).content.decode()
    assert "Waiting for the first fetch" in page


@pytest.mark.parametrize(
    "url, message",
    [
        ("not a url", "Enter a web address"),
        ("ftp://feeds.example.org/rss", "only http:// and https:// addresses can be fetched"),
        ("http://192.168.1.10/rss", "This address cannot be used: the address 192.168.1.10"),
        ("http://[::1]/rss", "This address cannot be used: the address ::1"),
        ("http://10.0.0.1/rss", "This address cannot be used: the address 10.0.0.1"),
        ("http://me:pw@feeds.example.org/", "with a user name or password are not accepted"),
    ],
)
def test_a_bad_feed_address_comes_back_with_the_name_kept(
    client, community, facilitator, url, message
):
    client.force_login(facilitator)
    response = client.post(
        reverse("news:feeds", args=[community.slug]), {"name": "The Obvious", "url": url}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="The Obvious"' in page
    assert not NewsFeed.objects.exists()


def test_the_same_feed_twice_is_refused(client, community, facilitator):
    NewsFeedFactory(community=community, url="https://bbc.example.org/rss")
    client.force_login(facilitator)
    response = client.post(
        reverse("news:feeds", args=[community.slug]),
        {"name": "BBC again", "url": "https://bbc.example.org/rss"},
    )
    assert "This community already has that feed." in response.content.decode()


def test_members_add_feeds_only_when_the_facilitators_allow_it(
    client, community, facilitator, reader
):
    data = {"name": "Full Circle", "url": "https://fullcircle.example.org/rss"}
    url = reverse("news:feeds", args=[community.slug])
    client.force_login(reader)
    assert (
        "Add a new news feed"
        not in client.get(reverse("news:index", args=[community.slug])).content.decode()
    )
    assert client.post(url, data).status_code == 403

    client.force_login(facilitator)
    client.post(reverse("news:settings", args=[community.slug]), {"members_may_add": "on"})
    assert NewsSettings.objects.get(community=community).members_may_add

    client.force_login(reader)
    assert (
        "Add a new news feed"
        in client.get(reverse("news:index", args=[community.slug])).content.decode()
    )
    assert client.post(url, data).status_code == 302
    feed = NewsFeed.objects.get()
    # The member who added it may remove it; others' feeds they may not.
    page = client.get(url).content.decode()
    assert reverse("news:remove", args=[community.slug, feed.pk]) in page
    assert "Fetch now" not in page


def test_a_facilitator_removes_a_feed_and_its_items(client, community, facilitator):
    item = NewsItemFactory(feed__community=community)
    client.force_login(facilitator)
    client.post(reverse("news:remove", args=[community.slug, item.feed.pk]))
    assert not NewsFeed.objects.exists()


def test_fetch_now_fetches_the_feed_at_once(
    client, allow_feed_server, community, facilitator, django_capture_on_commit_callbacks
):
    feed = NewsFeedFactory(community=community, url=allow_feed_server.url("/good.rss"))
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("news:fetch", args=[community.slug, feed.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "is being fetched" in page
    assert "OK</span>: 3 items" in page
    page = client.get(reverse("news:index", args=[community.slug])).content.decode()
    assert "Councils share flood plans" in page
    assert "<script" not in page.split("<main", 1)[1]


def test_item_summaries_are_shown_sanitised_even_if_stored_raw(client, community, reader):
    NewsItemFactory(feed__community=community, summary="<p>Hi<script>alert(1)</script></p>")
    client.force_login(reader)
    page = client.get(reverse("news:index", args=[community.slug])).content.decode()
    assert "alert(1)" not in page


def test_an_archived_community_keeps_its_news_but_takes_no_new_feeds(client, facilitator):
    from tests.communities.factories import CommunityFactory, member_of

    archived = CommunityFactory(archived=True)
    boss = member_of(archived, facilitator=True)
    NewsItemFactory(feed__community=archived, title="Old news")
    client.force_login(boss)
    assert "Old news" in client.get(reverse("news:index", args=[archived.slug])).content.decode()
    page = client.get(reverse("news:feeds", args=[archived.slug])).content.decode()
    assert "no feeds can be added" in page and "Fetch now" not in page


def test_a_sub_community_has_no_news_when_its_parent_turns_news_off(client):
    from tests.communities.factories import CommunityFactory, member_of

    parent = CommunityFactory(features=["forum", "news"])
    sub = CommunityFactory(parent=parent, features=["news"])
    user = member_of(parent)
    member_of(sub, user)
    client.force_login(user)
    assert client.get(reverse("news:index", args=[sub.slug])).status_code == 200
    parent.features = ["forum"]
    parent.save()
    assert client.get(reverse("news:index", args=[sub.slug])).status_code == 404
