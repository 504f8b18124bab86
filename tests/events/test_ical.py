""" "Add to event calendar" (.ics) and the community's calendar feed, parsed back with icalendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from feeds.services import token_create_or_regenerate, token_revoke
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def events_in(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_an_event_downloads_as_an_ics_file_with_everything_a_calendar_needs(
    organiser_client, community, organiser
):
    new_york = ZoneInfo("America/New_York")
    event = EventFactory(
        community=community,
        title="KM Thought Leaders Forum",
        description="<p>Discover the <strong>KM tools</strong> &amp; culture</p>",
        location="London",
        online_url="https://meet.example.org/km",
        timezone="America/New_York",
        starts_at=datetime(2027, 9, 19, 9, 0, tzinfo=new_york),
        ends_at=datetime(2027, 9, 20, 17, 0, tzinfo=new_york),
    )
    response = organiser_client.get(reverse("events:ics", args=[community.slug, event.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="km-thought-leaders-forum.ics"'
    [item] = events_in(response)
    assert str(item["SUMMARY"]) == "KM Thought Leaders Forum"
    assert str(item["UID"]) == f"event-{event.pk}@127.0.0.1"
    assert item["DTSTAMP"].dt.tzinfo is not None
    start, end = item["DTSTART"], item["DTEND"]
    assert start.params["TZID"] == "America/New_York"
    assert start.dt == datetime(2027, 9, 19, 9, 0, tzinfo=new_york)
    assert end.dt == datetime(2027, 9, 20, 17, 0, tzinfo=new_york)
    assert str(item["DESCRIPTION"]) == (
        "Discover the KM tools & culture\n\nJoin online: https://meet.example.org/km"
    )
    assert str(item["LOCATION"]) == "London"
    assert str(item["URL"]) == f"http://127.0.0.1:8000{event.get_absolute_url()}"
    cal = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/New_York"]


def test_the_community_calendar_feed_reads_as_the_token_holder(client, community, organiser):
    EventFactory(community=community, title="First")
    EventFactory(community=community, title="Second")
    token = token_create_or_regenerate(user=organiser).token
    url = reverse("events:feed", kwargs={"token": token, "slug": community.slug})

    client.logout()  # calendar apps cannot sign in
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert sorted(str(e["SUMMARY"]) for e in events_in(response)) == ["First", "Second"]
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == (
        "Knowledge Management: events"
    )


def test_the_events_page_offers_the_feed_address_or_how_to_get_one(
    organiser_client, community, organiser
):
    index = reverse("events:index", args=[community.slug])
    assert "Create your private feed address" in organiser_client.get(index).content.decode()
    token = token_create_or_regenerate(user=organiser).token
    feed = reverse("events:feed", kwargs={"token": token, "slug": community.slug})
    assert feed in organiser_client.get(index).content.decode()


def test_a_private_calendar_feed_stops_when_the_member_leaves_or_the_token_changes(client):
    private = CommunityFactory(private=True)
    member = member_of(private)
    EventFactory(community=private, title="Members only")
    old = token_create_or_regenerate(user=member).token
    url = reverse("events:feed", kwargs={"token": old, "slug": private.slug})
    assert client.get(url).status_code == 200

    new = token_create_or_regenerate(user=member).token
    assert client.get(url).status_code == 404  # the old address stopped working
    url = reverse("events:feed", kwargs={"token": new, "slug": private.slug})
    assert client.get(url).status_code == 200

    private.memberships.filter(user=member).delete()
    assert client.get(url).status_code == 404

    member_of(private, member)
    token_revoke(user=member)
    assert client.get(url).status_code == 404


def test_a_suspended_members_token_reads_nothing(client, community, organiser):
    token = token_create_or_regenerate(user=organiser).token
    organiser.is_active = False
    organiser.save()
    url = reverse("events:feed", kwargs={"token": token, "slug": community.slug})
    assert client.get(url).status_code == 404
