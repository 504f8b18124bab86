"""The site admins' health page: every service with its status and timing, the beat tick's age,
and 503 when anything fails; nobody else sees it."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cop_platform.celery import app
from core import health_page, tasks
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

NAMES = ["Database", "Cache", "Message broker", "File storage", "Scheduled tasks (beat)"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.fixture(autouse=True)
def no_tick(settings):
    """No beat tick yet, and the in-memory broker, which has no workers to ping (the real
    broker and a real worker: tests/integration/test_outage_health_page.py)."""
    settings.CELERY_BROKER_URL = "memory://"
    cache.delete(tasks.BEAT_TICK_KEY)
    yield
    cache.delete(tasks.BEAT_TICK_KEY)


def rows(response):
    return {row["name"]: row["error"] for row in response.context["rows"]}


def test_only_site_admins_see_the_page(client):
    url = reverse("core:health")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True, is_active=False))
    assert client.get(url).status_code == 302


def test_every_service_is_listed_and_a_beat_that_never_ticked_fails_the_page(admin_client):
    response = admin_client.get(reverse("core:health"))
    assert response.status_code == 503
    results = rows(response)
    assert [str(name) for name in results] == NAMES
    assert all(results[name] is None for name in NAMES[:-1])
    assert "No beat tick recorded yet" in str(results["Scheduled tasks (beat)"])
    html = response.content.decode()
    assert "Something needs attention." in html
    assert "Beat has not run its health tick yet." in html
    assert "no-store" in response["Cache-Control"]


def test_a_recent_tick_makes_the_page_healthy(admin_client):
    tasks.beat_tick()
    response = admin_client.get(reverse("core:health"))
    assert response.status_code == 200
    assert all(error is None for error in rows(response).values())
    html = response.content.decode()
    assert "Every service is working." in html
    assert "Beat last ran its health tick at" in html
    assert "Not working" not in html


def test_a_tick_older_than_the_setting_fails_with_its_age(admin_client, settings):
    settings.HEALTH_BEAT_MAX_AGE = 900
    old = timezone.now() - datetime.timedelta(minutes=20)
    cache.set(tasks.BEAT_TICK_KEY, old.timestamp(), timeout=None)
    response = admin_client.get(reverse("core:health"))
    assert response.status_code == 503
    error = str(rows(response)["Scheduled tasks (beat)"])
    assert "The last beat tick was 20 minutes ago" in error
    settings.HEALTH_BEAT_MAX_AGE = 30 * 60
    assert admin_client.get(reverse("core:health")).status_code == 200


def test_monitoring_gets_the_same_results_as_json(admin_client):
    tasks.beat_tick()
    response = admin_client.get(reverse("core:health"), {"format": "json"})
    assert response.status_code == 200
    body = response.json()
    assert set(body.values()) == {"OK"}
    assert {"Database(alias='default')", "BeatTick()", "Broker()"} <= set(body)


def test_beat_ticks_well_inside_the_allowed_age_and_workers_import_the_task(settings):
    [entry] = [e for e in app.conf.beat_schedule.values() if e["task"] == tasks.TICK_TASK]
    assert entry["schedule"] * 3 <= settings.HEALTH_BEAT_MAX_AGE
    assert tasks.beat_tick.name == tasks.TICK_TASK


def test_a_failing_check_is_reported_not_raised(admin_client, monkeypatch):
    def down():
        raise ConnectionRefusedError("no route")

    monkeypatch.setattr(health_page.health, "broker", down)
    tasks.beat_tick()
    response = admin_client.get(reverse("core:health"))
    assert response.status_code == 503
    assert "No connection to the broker (ConnectionRefusedError)" in response.content.decode()


def test_without_beat_in_development_the_page_leaves_beat_out(admin_client, settings):
    """`make run` runs tasks in the web process and no beat: the page says so instead of failing."""
    settings.HEALTH_CHECK_BEAT = False
    response = admin_client.get(reverse("core:health"))
    html = response.content.decode()
    assert "Scheduled tasks (beat)" not in html
    assert "Beat is not checked here" in html
