"""Fetching feeds from a local test server: good feeds become items (sanitised, newest first, at
most N per feed, conditional GET), and every kind of bad feed ends as a clear status for the
facilitator, never an exception."""

import socket
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news import services, tasks
from news.models import NewsFeed, NewsItem
from tests.communities.factories import CommunityFactory
from tests.news.factories import NewsFeedFactory

pytestmark = pytest.mark.django_db


def feed_for(server, path, community=None, **extra):
    return NewsFeedFactory(
        url=server.url(path), **({"community": community} if community else {}), **extra
    )


def fetched(feed):
    services.feed_fetch(feed_id=feed.pk)
    feed.refresh_from_db()
    return feed


def test_a_good_feed_becomes_sanitised_items_newest_first(allow_feed_server):
    feed = fetched(feed_for(allow_feed_server, "/good.rss"))

    assert feed.last_status == "ok" and feed.last_error == "" and feed.item_count == 3
    assert feed.etag == '"feed-v1"' and feed.last_modified.endswith("GMT")
    items = list(NewsItem.objects.filter(feed=feed))
    assert [i.title for i in items] == [
        "Digital services update",
        "New adoption guidance",
        "Councils share flood plans",
    ]
    assert all(i.community_id == feed.community_id for i in items)
    risky = items[1].summary
    assert "<script" not in risky and "onclick" not in risky and "javascript:" not in risky
    assert "tracker.example" not in risky and "<img" not in risky  # no outside images
    assert "Read it" in risky
    assert items[2].summary == "<p>Plans from <strong>Somerset</strong>.</p>"
    assert items[0].link == "https://news.example.org/2"


def test_an_unchanged_feed_is_fetched_with_a_conditional_get(allow_feed_server):
    feed = fetched(feed_for(allow_feed_server, "/good.rss"))
    assert services.feed_fetch(feed_id=feed.pk) == "not modified"

    _path, headers = allow_feed_server.requests[-1]
    assert headers["If-None-Match"] == '"feed-v1"'
    assert headers["If-Modified-Since"] == feed.last_modified
    assert NewsItem.objects.count() == 3
    feed.refresh_from_db()
    assert feed.last_status == "ok"


def test_atom_feeds_work_too(allow_feed_server):
    fetched(feed_for(allow_feed_server, "/atom.xml"))
    assert list(NewsItem.objects.values_list("title", flat=True)) == [
        "Atom entry two",
        "Atom entry one",
    ]


def test_only_the_newest_items_are_kept(allow_feed_server, settings):
    settings.NEWS_MAX_ITEMS_PER_FEED = 5
    feed = fetched(feed_for(allow_feed_server, "/many.rss"))
    assert feed.item_count == 5
    assert list(NewsItem.objects.values_list("title", flat=True)) == [
        f"Item number {n}" for n in (79, 78, 77, 76, 75)
    ]


def test_fetching_again_updates_items_without_duplicating_them(allow_feed_server):
    feed = fetched(feed_for(allow_feed_server, "/good.rss"))
    NewsFeed.objects.filter(pk=feed.pk).update(url=allow_feed_server.url("/changed.rss"), etag="")
    fetched(feed)
    assert NewsItem.objects.filter(guid="urn:local:0").get().title == (
        "Councils share flood plans (updated)"
    )
    assert NewsItem.objects.count() == 3


@pytest.mark.parametrize(
    "path, message",
    [
        ("/malformed.xml", "this is not a readable RSS or Atom feed"),
        ("/page.html", "not a readable RSS or Atom feed"),
        ("/huge.xml", "the feed is larger than the limit of 2048 KB."),
        ("/huge-streamed.xml", "the feed is larger than the limit of 2048 KB."),
        ("/gzip-bomb.xml", "the feed is larger than the limit of 2048 KB."),
        ("/missing.xml", "the server answered HTTP 404 Not Found."),
        ("/redirect-loop", "the address redirected more than 5 times."),
    ],
)
def test_a_bad_feed_gets_a_clear_status_and_keeps_its_items(allow_feed_server, path, message):
    feed = feed_for(allow_feed_server, path)
    NewsItem.objects.create(
        feed=feed, community=feed.community, guid="old", title="Kept", published_at=timezone.now()
    )
    outcome = services.feed_fetch(feed_id=feed.pk)
    feed.refresh_from_db()
    assert outcome.startswith("error: ")
    assert feed.last_status == "error" and message in feed.last_error
    assert feed.failure_count == 1 and feed.last_fetched_at is not None
    assert NewsItem.objects.filter(title="Kept").exists()


@pytest.mark.parametrize("path", ["/slow.xml", "/hang.xml"])
def test_a_slow_feed_is_given_up_at_the_deadline(allow_feed_server, settings, path):
    settings.NEWS_TIMEOUT_SECONDS = 1
    settings.NEWS_DEADLINE_SECONDS = 2
    feed = feed_for(allow_feed_server, path)
    started = time.monotonic()
    fetched(feed)
    assert time.monotonic() - started < 5
    assert feed.last_error == "the server took too long to answer."


def test_redirects_are_followed(allow_feed_server):
    feed = fetched(feed_for(allow_feed_server, "/redirect-good"))
    assert feed.last_status == "ok" and feed.item_count == 3


def test_an_unknown_host_is_reported(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr("news.fetching.socket.getaddrinfo", no_such_host)
    feed = fetched(NewsFeedFactory(url="https://gone.example.org/rss"))
    assert feed.last_error.startswith("the host name gone.example.org could not be found")


def test_a_feed_pointing_inside_the_network_is_refused_with_a_reason():
    feed = fetched(NewsFeedFactory(url="http://169.254.169.254/latest/meta-data/"))
    assert feed.last_status == "error"
    assert feed.last_error.startswith("refused: the address 169.254.169.254 is not a public")


def test_a_bug_while_parsing_never_escapes_the_task(allow_feed_server, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr("news.services.parse_feed", explode)
    feed = feed_for(allow_feed_server, "/good.rss")
    tasks.fetch_feed.delay(feed.pk)  # eager in tests: raises if the task raised
    feed.refresh_from_db()
    assert feed.last_error == "something unexpected went wrong while reading the feed."


def test_a_removed_feed_is_skipped():
    assert services.feed_fetch(feed_id=987654) == "gone"


def test_due_feeds_wait_their_interval_and_failing_feeds_back_off():
    now = timezone.now()
    never = NewsFeedFactory()
    recent = NewsFeedFactory(last_fetched_at=now - timedelta(minutes=5))
    stale = NewsFeedFactory(last_fetched_at=now - timedelta(minutes=31))
    failing = NewsFeedFactory(last_fetched_at=now - timedelta(minutes=45), failure_count=2)
    failing_long_ago = NewsFeedFactory(last_fetched_at=now - timedelta(hours=3), failure_count=2)
    archived = NewsFeedFactory(community=CommunityFactory(archived=True))
    switched_off = NewsFeedFactory(community=CommunityFactory(features=["forum"]))
    due = set(services.due_feed_ids(now))
    assert due == {never.pk, stale.pk, failing_long_ago.pk}
    assert not due & {recent.pk, failing.pk, archived.pk, switched_off.pk}


def test_the_coordinator_queues_one_fetch_per_due_feed(allow_feed_server):
    first = feed_for(allow_feed_server, "/good.rss")
    second = feed_for(allow_feed_server, "/atom.xml")
    assert tasks.fetch_due_feeds.delay().get() == 2
    assert {f.last_status for f in NewsFeed.objects.filter(pk__in=[first.pk, second.pk])} == {"ok"}
    assert tasks.fetch_due_feeds.delay().get() == 0  # nothing due again for half an hour


def test_the_beat_schedule_runs_the_coordinator():
    from cop_platform.celery import app

    entry = app.conf.beat_schedule["news-fetch-due-feeds"]
    assert entry["task"] == "news.tasks.fetch_due_feeds"


def test_the_feeds_page_shows_each_feeds_last_fetch(
    client, allow_feed_server, community, facilitator
):
    fetched(feed_for(allow_feed_server, "/good.rss", community, name="Good news"))
    fetched(feed_for(allow_feed_server, "/malformed.xml", community, name="Broken news"))
    client.force_login(facilitator)
    page = client.get(reverse("news:feeds", args=[community.slug])).content.decode()
    assert "OK</span>: 3 items" in page
    assert "Error</span>: this is not a readable RSS or Atom feed" in page
