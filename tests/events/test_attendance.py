"""Members say they will attend; with a capacity the rest wait, and move up when someone leaves."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from events import services
from events.models import Attendance, Event
from tests.communities.factories import member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_member_attends_and_appears_on_the_list(client, community, organiser):
    event = EventFactory(community=community, created_by=organiser)
    reader = member_of(community)
    client.force_login(reader)

    response = client.post(reverse("events:attend", args=[community.slug, event.pk]))
    assert response.status_code == 302
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Who is going (1)" in page
    assert escape(reader.display_name) in page
    assert "You are going." in page
    assert "I can no longer attend" in page

    client.post(reverse("events:leave", args=[community.slug, event.pk]))
    event.refresh_from_db()
    assert event.attendee_count == 0
    assert (
        "Nobody has said they will attend yet."
        in client.get(event.get_absolute_url()).content.decode()
    )


def test_attending_twice_counts_once(community, organiser):
    event = EventFactory(community=community, created_by=organiser)
    services.attend(event=event, user=organiser)
    services.attend(event=event, user=organiser)
    event.refresh_from_db()
    assert event.attendee_count == 1
    assert Attendance.objects.count() == 1


def test_when_full_people_join_the_waiting_list_and_move_up_in_order(
    community, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(community=community, created_by=organiser, capacity=1)
    first, second, third = (member_of(community) for _ in range(3))

    assert services.attend(event=event, user=first).state == "going"
    assert services.attend(event=event, user=second).state == "waitlisted"
    assert services.attend(event=event, user=third).state == "waitlisted"
    event.refresh_from_db()
    assert (event.attendee_count, event.waitlist_count) == (1, 2)

    with django_capture_on_commit_callbacks(execute=True):
        services.leave(event=event, user=first)
    states = dict(Attendance.objects.values_list("user_id", "state"))
    assert states == {second.pk: "going", third.pk: "waitlisted"}
    [email] = mailoutbox
    assert email.to == [second.email]
    assert email.subject.endswith(f"You have a place at {event.title}")
    assert "you were next on the waiting list" in email.body
    assert event.get_absolute_url() in email.body
    event.refresh_from_db()
    assert (event.attendee_count, event.waitlist_count) == (1, 1)


def test_the_waiting_list_shows_your_place(client, community, organiser):
    event = EventFactory(community=community, created_by=organiser, capacity=1)
    services.attend(event=event, user=member_of(community))
    services.attend(event=event, user=member_of(community))
    me = member_of(community)
    client.force_login(me)
    assert "Join the waiting list" in client.get(event.get_absolute_url()).content.decode()
    client.post(reverse("events:attend", args=[community.slug, event.pk]))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You are number 2 on the waiting list." in page
    assert "Waiting list (2)" in page


def test_more_places_promote_people_from_the_waiting_list(community, organiser):
    event = EventFactory(community=community, created_by=organiser, capacity=1)
    people = [member_of(community) for _ in range(3)]
    for person in people:
        services.attend(event=event, user=person)
    services.event_update(event=event, user=organiser, capacity=3)
    event.refresh_from_db()
    assert (event.attendee_count, event.waitlist_count) == (3, 0)


def test_nobody_can_sign_up_for_an_event_that_is_over(client, community, organiser):
    now = timezone.now()
    event = EventFactory(
        community=community,
        created_by=organiser,
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=1),
    )
    client.force_login(organiser)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "This event is over." in page and "I will attend" not in page
    client.post(reverse("events:attend", args=[community.slug, event.pk]))
    assert not Attendance.objects.exists()


def test_non_members_cannot_attend(client, community, organiser):
    event = EventFactory(community=community, created_by=organiser)
    client.force_login(member_of(EventFactory().community))  # someone from elsewhere
    response = client.post(reverse("events:attend", args=[community.slug, event.pk]))
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).attendee_count == 0
