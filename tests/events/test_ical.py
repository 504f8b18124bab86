""" "Add to event calendar" (.ics) and the community's calendar feed, parsed back with icalendar."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from communities.models import Community
from core.errors import Invalid
from events import services
from events.models import Event
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
    url = reverse("feeds:events", kwargs={"token": token, "slug": community.slug})

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
    feed = reverse("feeds:events", kwargs={"token": token, "slug": community.slug})
    assert feed in organiser_client.get(index).content.decode()


def test_a_private_calendar_feed_stops_when_the_member_leaves_or_the_token_changes(client):
    private = CommunityFactory(private=True)
    member = member_of(private)
    EventFactory(community=private, title="Members only")
    old = token_create_or_regenerate(user=member).token
    url = reverse("feeds:events", kwargs={"token": old, "slug": private.slug})
    assert client.get(url).status_code == 200

    new = token_create_or_regenerate(user=member).token
    assert client.get(url).status_code == 404  # the old address stopped working
    url = reverse("feeds:events", kwargs={"token": new, "slug": private.slug})
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
    url = reverse("feeds:events", kwargs={"token": token, "slug": community.slug})
    assert client.get(url).status_code == 404


# --- changes reach calendar apps: a stable UID and a SEQUENCE that goes up --------------------
LONDON = ZoneInfo("Europe/London")


def only_event(response):
    [item] = events_in(response)
    return item


def ics_of(client, event):
    return only_event(client.get(reverse("events:ics", args=[event.community.slug, event.pk])))


def feed_item(client, event, token):
    url = reverse("feeds:events", kwargs={"token": token, "slug": event.community.slug})
    [item] = [
        e for e in events_in(client.get(url)) if str(e["UID"]).startswith(f"event-{event.pk}@")
    ]
    return item


def edit_form(event, **overrides):
    return {
        "title": event.title,
        "description": event.description,
        "location": event.location,
        "online_url": event.online_url,
        "timezone": event.timezone,
        "starts_at": event.local_start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.local_end.strftime("%Y-%m-%dT%H:%M"),
        "contact": event.contact_id,
        "capacity": event.capacity or "",
        "base_version": event.edit_version,
        **overrides,
    }


@pytest.fixture
def forum(community, organiser):
    """Tue 17 Sep 2030, 09:00–17:00 London time, in London."""
    return EventFactory(
        community=community,
        created_by=organiser,
        title="Panel practice",
        location="London",
        starts_at=datetime(2030, 9, 17, 9, 0, tzinfo=LONDON),
        ends_at=datetime(2030, 9, 17, 17, 0, tzinfo=LONDON),
    )


def test_a_new_event_has_sequence_0_and_its_stamps_in_utc(organiser_client, forum):
    item = ics_of(organiser_client, forum)
    assert item["SEQUENCE"] == 0
    for name in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):  # RFC 5545: these are always UTC
        assert item[name].to_ical().endswith(b"Z"), name
    assert item["LAST-MODIFIED"].dt == forum.updated.replace(microsecond=0)


def test_moving_an_event_raises_its_sequence_in_the_download_and_the_feed_and_keeps_its_uid(
    organiser_client, forum, organiser
):
    token = token_create_or_regenerate(user=organiser).token
    before_download, before_feed = (
        ics_of(organiser_client, forum),
        feed_item(organiser_client, forum, token),
    )
    assert before_feed["SEQUENCE"] == before_download["SEQUENCE"] == 0

    url = reverse("events:edit", args=[forum.community.slug, forum.pk])
    response = organiser_client.post(
        url, edit_form(forum, starts_at="2030-09-18T10:00", ends_at="2030-09-18T18:00")
    )
    assert response.status_code == 302

    for after in (ics_of(organiser_client, forum), feed_item(organiser_client, forum, token)):
        assert str(after["UID"]) == str(before_download["UID"]) == f"event-{forum.pk}@127.0.0.1"
        assert after["SEQUENCE"] == 1
        assert after["DTSTART"].dt == datetime(2030, 9, 18, 10, 0, tzinfo=LONDON)
        assert str(after["STATUS"]) == "CONFIRMED"
        assert after["LAST-MODIFIED"].dt >= before_download["LAST-MODIFIED"].dt

    # Each further change goes up again: calendar apps take the highest.
    organiser_client.post(url, edit_form(Event.objects.get(pk=forum.pk), location="Leeds"))
    item = ics_of(organiser_client, forum)
    assert (item["SEQUENCE"], str(item["LOCATION"])) == (2, "Leeds")


@pytest.mark.parametrize(
    "change",
    [
        {"starts_at": datetime(2030, 9, 17, 10, 0, tzinfo=LONDON)},
        {"ends_at": datetime(2030, 9, 17, 16, 0, tzinfo=LONDON)},
        {"location": "Leeds Civic Hall"},
        {"location": ""},
        {"online_url": "https://meet.example.org/panel"},
    ],
    ids=["start", "end", "location", "location removed", "online link"],
)
def test_the_changes_people_are_told_about_raise_the_sequence(forum, organiser, change):
    services.event_update(event=forum, user=organiser, **change)
    forum.refresh_from_db()
    assert forum.sequence == 1


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Panel practice (new title)"},
        {"description": "<p>New agenda</p>"},
        {"capacity": 12},
        {"location": "London"},
        # The same moments written in another zone: the calendar shows the same times.
        {
            "timezone": "UTC",
            "starts_at": datetime(2030, 9, 17, 8, 0, tzinfo=ZoneInfo("UTC")),
            "ends_at": datetime(2030, 9, 17, 16, 0, tzinfo=ZoneInfo("UTC")),
        },
    ],
    ids=["title", "description", "capacity", "same location", "same moment in UTC"],
)
def test_other_edits_leave_the_sequence_alone(organiser_client, forum, organiser, change):
    before = ics_of(organiser_client, forum)
    services.event_update(event=forum, user=organiser, **change)
    forum.refresh_from_db()
    assert forum.sequence == 0
    after = ics_of(organiser_client, forum)
    assert after["SEQUENCE"] == 0 and str(after["UID"]) == str(before["UID"])


def test_a_changed_event_that_is_over_still_raises_the_sequence(community, organiser):
    """The feed keeps events for 90 days after they end: a correction must reach calendars."""
    over = EventFactory(
        community=community,
        created_by=organiser,
        starts_at=datetime(2020, 3, 2, 9, 0, tzinfo=LONDON),
        ends_at=datetime(2020, 3, 2, 17, 0, tzinfo=LONDON),
    )
    services.event_update(event=over, user=organiser, location="Leeds")
    over.refresh_from_db()
    assert over.sequence == 1


def test_cancelling_marks_it_cancelled_with_a_higher_sequence_in_the_download_and_the_feed(
    organiser_client, forum, organiser
):
    token = token_create_or_regenerate(user=organiser).token
    services.event_update(event=forum, user=organiser, location="Leeds")  # sequence 1
    cancel = reverse("events:cancel", args=[forum.community.slug, forum.pk])
    assert organiser_client.post(cancel, {"note": "The venue is closed."}).status_code == 302

    for item in (ics_of(organiser_client, forum), feed_item(organiser_client, forum, token)):
        assert str(item["STATUS"]) == "CANCELLED"
        assert item["SEQUENCE"] == 2
        assert str(item["UID"]) == f"event-{forum.pk}@127.0.0.1"


def test_refused_changes_leave_the_sequence_alone(organiser_client, forum, organiser):
    url = reverse("events:edit", args=[forum.community.slug, forum.pk])
    # Bad input: the end before the start.
    bad = edit_form(forum, starts_at="2030-09-18T10:00", ends_at="2030-09-18T09:00")
    assert organiser_client.post(url, bad).status_code == 200
    services.event_cancel(event=forum, user=organiser)
    # A cancelled event can no longer be changed (the page and the service both refuse).
    organiser_client.post(url, edit_form(forum, location="Leeds"))
    with pytest.raises(Invalid):
        services.event_update(event=forum, user=organiser, location="Leeds")
    with pytest.raises(Invalid):
        services.event_cancel(event=forum, user=organiser)
    forum.refresh_from_db()
    assert forum.sequence == 1  # the cancellation only


# --- whatever is stored, every calendar we produce is valid iCalendar --------------------------
HOSTILE_TITLE = "Team\r\nBEGIN:VEVENT\x01 night; with, commas \\ and\x7f more"
HOSTILE_DESCRIPTION = "<p>Line one\x02</p><p>END:VCALENDAR\r\nX-EVIL:1 &#1;done</p>"
HOSTILE_LOCATION = "Room\n1\x0b; Floor, 2\rEast"
CONTROL_IN_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def assert_valid_icalendar(content):
    """Lines end in CRLF, hold no other control character, are folded at 75 octets, and
    icalendar reads the whole calendar back."""
    assert content.endswith(b"\r\n")
    for line in content[:-2].split(b"\r\n"):
        assert not CONTROL_IN_LINE.search(line.decode()), line
        assert len(line) <= 75, line
    return Calendar.from_ical(content)


def test_every_calendar_is_valid_whatever_the_stored_text(client, organiser_client, community):
    event = EventFactory(community=community, online_url="https://meet.example.org/x")
    Event.objects.filter(pk=event.pk).update(
        title=HOSTILE_TITLE, description=HOSTILE_DESCRIPTION, location=HOSTILE_LOCATION
    )
    Community.objects.filter(pk=community.pk).update(name="KM\r\nX-INJECT:1\x01 hub")
    token = token_create_or_regenerate(user=community.memberships.get().user).token
    calendars = [
        organiser_client.get(reverse("events:ics", args=[community.slug, event.pk])),
        client.get(reverse("feeds:events", kwargs={"token": token, "slug": community.slug})),
    ]
    # icalendar reads X- properties back as they are written: escaped as TEXT (RFC 5545 3.3.11).
    names = [r"Team BEGIN:VEVENT night\; with\, commas \\ and more (KM X-INJECT:1 hub)"]
    names.append("KM X-INJECT:1 hub: events")
    for response, name in zip(calendars, names, strict=True):
        assert response.status_code == 200
        cal = assert_valid_icalendar(response.content)
        assert str(cal["X-WR-CALNAME"]) == name
        [item] = cal.walk("VEVENT")
        assert str(item["SUMMARY"]) == "Team BEGIN:VEVENT night; with, commas \\ and more"
        assert str(item["DESCRIPTION"]) == (
            "Line one END:VCALENDAR X-EVIL:1 done\n\nJoin online: https://meet.example.org/x"
        )
        assert str(item["LOCATION"]) == "Room 1; Floor, 2East"
        assert len(cal.walk("VEVENT")) == 1 and len(cal.walk("VCALENDAR")) == 1
