"""My home's Coming up panel comes from the cache (core.fragments): every change to what it
shows is on the next request, and My home works with the cache down."""

from datetime import timedelta

import pytest
from django.urls import reverse

from communities.models import Community
from core import fragments
from events import services
from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def my_home(client):
    return client.get(reverse("core:home")).content.decode()


def test_every_change_to_coming_up_shows_at_once(organiser_client, community, organiser):
    forum = EventFactory(community=community, created_by=organiser, title="KM Forum")
    assert "KM Forum" in my_home(organiser_client)

    Event.objects.filter(pk=forum.pk).update(title="KM Summit")
    assert "KM Summit" in my_home(organiser_client)

    later = forum.starts_at + timedelta(days=1, hours=1)
    Event.objects.filter(pk=forum.pk).update(starts_at=later, ends_at=later + timedelta(hours=1))
    assert f'datetime="{later.isoformat()}"' in my_home(organiser_client)

    Event.objects.filter(pk=forum.pk).update(timezone="Europe/Paris")
    assert "Europe/Paris time" in my_home(organiser_client)

    Community.objects.filter(pk=community.pk).update(name="KM Network")
    assert "in KM Network" in my_home(organiser_client)

    forum.refresh_from_db()
    services.event_cancel(event=forum, user=organiser, note="Snow")
    assert "Cancelled" in my_home(organiser_client)

    Event.objects.filter(pk=forum.pk).delete()
    page = my_home(organiser_client)
    assert "KM Summit" not in page and "Coming up in my communities" not in page


def test_my_home_works_when_the_cache_is_down(organiser_client, community, monkeypatch):
    EventFactory(community=community, title="KM Forum")

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(fragments, "cache", Down())
    assert "KM Forum" in my_home(organiser_client)
