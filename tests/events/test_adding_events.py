"""A member adds an event: title, rich-text description, place or link, times in a time zone,
a contact person; bad input comes back with the member's values and a clear message."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from activity.models import Activity, Verb
from events.models import Event
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def form_data(organiser, **overrides):
    data = {
        "title": "3rd annual European KM Thought Leaders Forum",
        "description": "Key topics of the day:\n\nKM tools at IBM",
        "location": "London",
        "online_url": "",
        "timezone": "Europe/London",
        "starts_at": "2027-09-19T09:00",
        "ends_at": "2027-09-20T17:00",
        "contact": organiser.pk,
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_member_adds_an_event_shown_in_its_own_time_zone(organiser_client, organiser, community):
    data = form_data(
        organiser,
        timezone="America/New_York",
        starts_at="2027-09-19T09:00",
        ends_at="2027-09-19T11:30",
    )
    response = organiser_client.post(reverse("events:new", args=[community.slug]), data)

    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    new_york = ZoneInfo("America/New_York")
    assert event.starts_at == datetime(2027, 9, 19, 9, 0, tzinfo=new_york)
    assert event.ends_at == datetime(2027, 9, 19, 11, 30, tzinfo=new_york)
    assert event.created_by == organiser and event.contact == organiser
    assert event.description == "<p>Key topics of the day:</p><p>KM tools at IBM</p>"

    page = organiser_client.get(event.get_absolute_url()).content.decode()
    assert "Sun 19 Sep 2027 (09:00)</time> – " in page and "11:30" in page
    assert "America/New_York time" in page
    assert "Visible to everyone signed in" in page


def test_adding_an_event_is_recorded_in_the_activity_log(organiser_client, organiser, community):
    organiser_client.post(reverse("events:new", args=[community.slug]), form_data(organiser))
    activity = Activity.objects.get(verb=Verb.EVENT_CREATED)
    assert activity.actor == organiser and activity.community == community
    assert activity.title == "3rd annual European KM Thought Leaders Forum"


@pytest.mark.parametrize(
    "overrides, field_error",
    [
        ({"ends_at": "2027-09-19T08:00"}, "The end must be after the start."),
        ({"ends_at": "2027-09-19T09:00"}, "The end must be after the start."),
        ({"starts_at": "next tuesday"}, "Enter a date and time, for example 2027-09-19 09:00."),
        ({"location": "", "online_url": ""}, "Give a location, an online link, or both."),
        ({"online_url": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"online_url": "ftp://files.example.org/x"}, "The online link must start with https://"),
        ({"timezone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"title": ""}, "Give the event a title."),
        ({"capacity": "0"}, "greater than or equal to 1"),
    ],
)
def test_bad_input_comes_back_with_what_was_typed_and_a_clear_message(
    organiser_client, organiser, community, overrides, field_error
):
    data = form_data(organiser, **overrides)
    response = organiser_client.post(reverse("events:new", args=[community.slug]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert field_error in page
    assert not Event.objects.exists()
    if data["title"]:
        assert 'value="3rd annual European KM Thought Leaders Forum"' in page
    assert "Key topics of the day" in page  # the description is kept too


def test_the_contact_person_must_be_a_member(organiser_client, organiser, community):
    stranger = UserFactory(name="Stranger Danger")
    response = organiser_client.post(
        reverse("events:new", args=[community.slug]), form_data(organiser, contact=stranger.pk)
    )
    assert response.status_code == 200
    assert "The contact person must be a member of this community." in response.content.decode()
    assert "Stranger Danger" not in response.content.decode()


def test_an_event_offers_a_message_to_its_contact_person(client, community, organiser):
    event = EventFactory(community=community, created_by=organiser, contact=organiser)
    reader = member_of(community)
    client.force_login(reader)
    page = client.get(event.get_absolute_url()).content.decode()
    compose = reverse("profiles:compose", args=[organiser.username])
    assert f'<a href="{compose}">Send message to {escape(organiser.display_name)}</a>' in page
    assert organiser.username not in page.replace(compose, "")  # names, never usernames


def test_the_author_edits_the_event_and_the_form_shows_its_own_time_zone(
    organiser_client, organiser, community
):
    tokyo = ZoneInfo("Asia/Tokyo")
    event = EventFactory(
        community=community,
        created_by=organiser,
        timezone="Asia/Tokyo",
        starts_at=datetime(2027, 5, 1, 10, 0, tzinfo=tokyo),
        ends_at=datetime(2027, 5, 1, 12, 0, tzinfo=tokyo),
    )
    url = reverse("events:edit", args=[community.slug, event.pk])
    page = organiser_client.get(url).content.decode()
    assert 'value="2027-05-01T10:00"' in page

    data = form_data(
        organiser,
        title="Renamed",
        timezone="Asia/Tokyo",
        starts_at="2027-05-01T10:00",
        ends_at="2027-05-01T13:00",
        base_version=event.edit_version,
    )
    assert organiser_client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert event.ends_at == datetime(2027, 5, 1, 13, 0, tzinfo=tokyo)


def test_another_member_cannot_edit_or_delete_but_a_facilitator_can(
    client, community, organiser, facilitator
):
    event = EventFactory(community=community, created_by=organiser)
    client.force_login(member_of(community))
    assert client.get(reverse("events:edit", args=[community.slug, event.pk])).status_code == 403
    assert client.post(reverse("events:delete", args=[community.slug, event.pk])).status_code == 403

    client.force_login(facilitator)
    response = client.post(reverse("events:delete", args=[community.slug, event.pk]))
    assert response.status_code == 302
    assert not Event.objects.exists()


def test_deleting_an_event_removes_its_comments(organiser_client, organiser, community):
    from comments.models import Comment
    from comments.services import comment_create

    event = EventFactory(community=community, created_by=organiser)
    comment_create(target=event, author=organiser, body="See you there")
    organiser_client.post(reverse("events:delete", args=[community.slug, event.pk]))
    assert not Comment.objects.exists()


def test_members_comment_on_an_event(organiser_client, organiser, community):
    event = EventFactory(community=community, created_by=organiser)
    response = organiser_client.post(
        reverse("comments:add", args=["event", event.pk]), {"body": "Is there parking nearby?"}
    )
    assert response.status_code == 302
    page = organiser_client.get(event.get_absolute_url()).content.decode()
    assert "Is there parking nearby?" in page
    assert "Comments (1)" in page


def test_an_archived_community_keeps_its_events_readable_but_closed(client):
    community = CommunityFactory(archived=True)
    organiser = member_of(community)
    event = EventFactory(community=community, created_by=organiser)
    client.force_login(organiser)

    page = client.get(event.get_absolute_url()).content.decode()
    assert event.title in page
    assert "read-only archive" in page
    assert "I will attend" not in page and "Edit this event" not in page
    assert client.get(reverse("events:new", args=[community.slug])).status_code == 403
    assert (
        client.post(
            reverse("comments:add", args=["event", event.pk]), {"body": "Hello"}
        ).status_code
        == 403
    )


def test_a_community_without_events_has_no_event_pages(client):
    community = CommunityFactory(features=["forum"])
    client.force_login(member_of(community))
    assert client.get(reverse("events:index", args=[community.slug])).status_code == 404
    tabs = client.get(community.get_absolute_url()).content.decode()
    assert reverse("events:index", args=[community.slug]) not in tabs


def test_a_sub_community_loses_events_when_its_parent_turns_them_off(client):
    parent = CommunityFactory(features=["forum", "events"])
    sub = CommunityFactory(parent=parent, features=["events"])
    user = member_of(parent)
    member_of(sub, user)
    client.force_login(user)
    assert client.get(reverse("events:index", args=[sub.slug])).status_code == 200
    parent.features = ["forum"]
    parent.save()
    assert client.get(reverse("events:index", args=[sub.slug])).status_code == 404
