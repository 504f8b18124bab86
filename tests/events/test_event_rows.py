"""The upcoming list's rows come from the cache (core.fragments): every change to what a row
shows is on the next request, viewers in the same state share the rows, and the page works with
the cache down."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from core import fragments
from events import services
from events.models import Event
from tests.communities.factories import member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def rows(client, user, community):
    client.force_login(user)
    html = client.get(reverse("events:index", args=[community.slug])).text
    return re.search(r'<ol class="event-list">(.*?)</ol>', html, re.S).group(1)


@pytest.fixture
def forum(community, organiser):
    return EventFactory(community=community, created_by=organiser, title="KM Forum", capacity=2)


def test_viewers_in_the_same_state_share_the_rows_and_ones_own_state_shows(
    client, community, forum, organiser
):
    reader = member_of(community)
    assert rows(client, organiser, community) == rows(client, reader, community)
    services.attend(event=forum, user=reader)
    mine, theirs = rows(client, reader, community), rows(client, organiser, community)
    assert "You are going" in mine and "You are going" not in theirs
    assert "1 going of 2 places" in mine and "1 going of 2 places" in theirs


def test_every_change_to_a_row_shows_at_once(client, community, forum, organiser):
    reader = member_of(community)
    assert "KM Forum" in rows(client, reader, community)

    Event.objects.filter(pk=forum.pk).update(title="KM Summit", location="Leeds")
    html = rows(client, reader, community)
    assert "KM Summit" in html and "Leeds" in html and "KM Forum" not in html

    later = forum.starts_at + timedelta(days=1, hours=1)
    Event.objects.filter(pk=forum.pk).update(starts_at=later, ends_at=later + timedelta(hours=1))
    assert f'datetime="{later.isoformat()}"' in rows(client, reader, community)

    Event.objects.filter(pk=forum.pk).update(timezone="Europe/Paris")
    assert "Europe/Paris time" in rows(client, reader, community)

    for n in range(3):
        services.attend(event=forum, user=member_of(community))
    assert "2 going of 2 places, 1 waiting" in rows(client, reader, community)

    forum.refresh_from_db()
    services.event_cancel(event=forum, user=organiser, note="Snow")
    assert "Cancelled" in rows(client, reader, community)

    if apps.is_installed("tags"):
        from tags.services import tag_add

        tag_add(user=organiser, item=forum, names=["budgeting"])
        assert ">budgeting<" in rows(client, reader, community)

    Event.objects.filter(pk=forum.pk).delete()
    client.force_login(reader)
    assert "KM Summit" not in client.get(reverse("events:index", args=[community.slug])).text


def test_the_list_works_when_the_cache_is_down(client, community, forum, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(fragments, "cache", Down())
    assert "KM Forum" in rows(client, member_of(community), community)
