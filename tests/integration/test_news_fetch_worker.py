"""News fetching through the real pipeline: beat's coordinator task -> Redis -> a Celery worker
-> the local feed server -> items in PostgreSQL; and a broken feed never breaks the worker."""

import time

import pytest

from news import tasks
from news.models import NewsFeed, NewsItem
from tests.news.factories import NewsFeedFactory
from tests.news.feed_server import FeedServer

pytestmark = pytest.mark.integration


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def worker_may_reach_feed_server(monkeypatch, settings):
    """The worker subprocess reads its settings from the environment: allow exactly the local
    feed server's address there (and here)."""
    monkeypatch.setenv("NEWS_ALLOWED_NETWORKS", "127.0.0.1/32")
    settings.NEWS_ALLOWED_NETWORKS = ["127.0.0.1/32"]


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_fetches_due_feeds_and_records_errors(
    worker_may_reach_feed_server, feed_server, celery_worker_process
):
    good = NewsFeedFactory(url=feed_server.url("/good.rss"))
    broken = NewsFeedFactory(url=feed_server.url("/malformed.xml"))

    tasks.fetch_due_feeds.delay()

    assert wait_until(
        lambda: (
            NewsFeed.objects.filter(
                pk__in=[good.pk, broken.pk], last_fetched_at__isnull=False
            ).count()
            == 2
        )
    ), celery_worker_process.log()
    good.refresh_from_db()
    broken.refresh_from_db()
    assert good.last_status == "ok" and NewsItem.objects.filter(feed=good).count() == 3
    assert broken.last_status == "error"
    assert "not a readable RSS or Atom feed" in broken.last_error
    assert "Task news.tasks.fetch_feed[" in celery_worker_process.log()

    # Still alive and well after the broken feed: fetching again is a conditional GET.
    tasks.fetch_feed.delay(good.pk)
    assert wait_until(
        lambda: any(h.get("If-None-Match") == '"feed-v1"' for _p, h in feed_server.requests)
    )
    assert NewsItem.objects.filter(feed=good).count() == 3
