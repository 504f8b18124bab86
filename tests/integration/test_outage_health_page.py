"""The site admins' health page against the real services: with a Celery worker on a broker of
the test's own every row is working; with that broker stopped the page says the broker and the
workers are down (503) while the database, cache, storage and beat rows still say working."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import tasks
from tests.accounts.factories import UserFactory
from tests.integration.outage import RedisServer

pytestmark = pytest.mark.integration

ALL = [
    "Database",
    "Cache",
    "Message broker",
    "Celery workers",
    "File storage",
    "Scheduled tasks (beat)",
]


def publish_to(app, url):
    """Point this process's Celery app at `url`, dropping its pooled broker connections."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """A Redis of this test's own as the broker of the worker and of this process; request it
    before celery_worker_process, which reads CELERY_BROKER_URL."""
    from cop_platform.celery import app

    previous = app.conf.broker_url
    server = RedisServer().start()
    settings.CELERY_BROKER_URL = server.url
    publish_to(app, server.url)
    try:
        yield server
    finally:
        publish_to(app, previous)
        server.destroy()


def failing(client):
    response = client.get(reverse("core:health"))
    return response, {str(row["name"]) for row in response.context["rows"] if row["error"]}


def test_the_health_page_reports_a_stopped_broker_and_its_return(
    broker, celery_worker_process, client, request
):
    client.force_login(UserFactory(is_staff=True))
    tasks.beat_tick()
    request.addfinalizer(lambda: cache.delete(tasks.BEAT_TICK_KEY))

    response, down = failing(client)
    assert [str(row["name"]) for row in response.context["rows"]] == ALL
    assert (response.status_code, down) == (200, set())
    body = client.get(reverse("core:health"), {"format": "json"}).json()
    assert body["Workers()"] == "OK" and set(body.values()) == {"OK"}

    broker.stop()
    started = time.monotonic()
    response, down = failing(client)
    assert time.monotonic() - started < 10, "a broker that is down is reported quickly"
    assert response.status_code == 503
    assert down == {"Message broker", "Celery workers"}
    html = response.content.decode()
    assert "Something needs attention." in html
    assert "No connection to the broker (ConnectionError)" in html

    broker.start()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        response, down = failing(client)
        if not down:
            break
        time.sleep(1)
    assert (response.status_code, down) == (200, set()), "the worker answers again"
