"""Capacity changes keep the list honest: fewer places than people going moves the latest
sign-ups to the top of the waiting list (in sign-up order); more places, or someone withdrawing,
promotes from the waiting list in order. Everyone who moves is told (notification + email)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from communities.models import Membership
from events import services
from events.models import Attendance, Event
from notifications.models import Notification
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def sign_up(event, people):
    """Sign people up one after another (distinct, increasing sign-up times)."""
    start = timezone.now() - timedelta(hours=1)
    for n, person in enumerate(people):
        services.attend(event=event, user=person)
        Attendance.objects.filter(event=event, user=person).update(
            created=start + timedelta(minutes=n)
        )


def the_list(event):
    """(going, waiting), each in the order the page shows them."""
    rows = Attendance.objects.filter(event=event).order_by("created", "pk")
    going = [a.user for a in rows if a.state == Attendance.State.GOING]
    waiting = [a.user for a in rows if a.state == Attendance.State.WAITLISTED]
    return going, waiting


def told(user):
    return list(Notification.objects.for_user(user).filter(kind=Notification.Kind.EVENT))


@pytest.fixture
def event(community, organiser):
    return EventFactory(
        community=community, created_by=organiser, title="Panel practice", capacity=4
    )


@pytest.fixture
def people(community):
    """p1…p4 going (in that order), w1 and w2 waiting."""
    return [member_of(community) for _ in range(6)]


def test_fewer_places_move_the_latest_sign_ups_to_the_top_of_the_waiting_list(
    event, organiser, people, mailoutbox, django_capture_on_commit_callbacks
):
    p1, p2, p3, p4, w1, w2 = people
    sign_up(event, people)
    assert the_list(event) == ([p1, p2, p3, p4], [w1, w2])

    with django_capture_on_commit_callbacks(execute=True):
        updated = services.event_update(event=event, user=organiser, capacity=2)

    assert the_list(event) == ([p1, p2], [p3, p4, w1, w2])
    assert updated.moved_to_waitlist == [p3, p4]
    event.refresh_from_db()
    assert (event.attendee_count, event.waitlist_count) == (2, 4)
    for person, position in ((p3, 1), (p4, 2)):
        [notification] = told(person)
        assert notification.summary == (
            "“Panel practice” now has 2 places: you are one of the last to sign up, "
            "so you are on the waiting list."
        )
        [email] = [m for m in mailoutbox if m.to == [person.email]]
        assert email.subject.endswith("Fewer places at Panel practice: you are on the waiting list")
        assert 'reduced the places at "Panel practice"' in email.body
        assert "from 4 to 2" in email.body
        assert f"You are number {position} on the waiting list." in email.body
    # Nobody else moved, so nobody else hears; a capacity change is not a "change" notice.
    assert [told(p) for p in (p1, p2, w1, w2)] == [[], [], [], []]
    assert len(mailoutbox) == 2


def test_the_page_shows_the_new_order(client, event, organiser, people):
    p1, p2, p3, p4, w1, w2 = people
    sign_up(event, people)
    services.event_update(event=event, user=organiser, capacity=3)
    client.force_login(p4)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You are number 1 on the waiting list." in page
    waiting_list = page[page.index("Waiting list (3)") :]
    names = [escape(p.display_name) for p in (p4, w1, w2)]
    assert [waiting_list.index(n) for n in names] == sorted(waiting_list.index(n) for n in names)


def test_a_limit_on_an_event_that_had_none_says_so(
    community, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(community=community, created_by=organiser, title="Open day")
    people = [member_of(community) for _ in range(3)]
    sign_up(event, people)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=organiser, capacity=2)
    assert the_list(event) == (people[:2], people[2:])
    [email] = mailoutbox
    assert email.to == [people[2].email]
    assert 'limited "Open day"' in email.body and "to 2 places" in email.body
    assert "You are number 1 on the waiting list." in email.body


def test_withdrawing_promotes_the_first_in_line_and_tells_them(
    event, organiser, people, mailoutbox, django_capture_on_commit_callbacks
):
    p1, p2, p3, p4, w1, w2 = people
    sign_up(event, people)
    services.event_update(event=event, user=organiser, capacity=2)  # p3, p4 now wait first
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.leave(event=event, user=p1)

    assert the_list(event) == ([p2, p3], [p4, w1, w2])
    [notification] = told(p3)[:1]
    assert notification.summary == (
        "A place came free at “Panel practice”: you are now down as going."
    )
    assert notification.actor is None  # not attributed to the person who withdrew
    [email] = mailoutbox
    assert email.to == [p3.email]
    assert email.subject.endswith("You have a place at Panel practice")


def test_more_places_promote_from_the_waiting_list_in_order_and_tell_each(
    event, organiser, people, mailoutbox, django_capture_on_commit_callbacks
):
    p1, p2, p3, p4, w1, w2 = people
    sign_up(event, people)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=organiser, capacity=5)
    assert the_list(event) == ([p1, p2, p3, p4, w1], [w2])
    assert [len(told(p)) for p in (w1, w2)] == [1, 0]
    assert [m.to for m in mailoutbox] == [[w1.email]]

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=organiser, capacity=None)
    assert the_list(event) == ([p1, p2, p3, p4, w1, w2], [])
    assert [m.to for m in mailoutbox] == [[w2.email]]


def test_cutting_places_then_restoring_them_gives_the_same_people_their_places_back(
    event, organiser, people
):
    sign_up(event, people)
    services.event_update(event=event, user=organiser, capacity=1)
    services.event_update(event=event, user=organiser, capacity=4)
    assert the_list(event) == (people[:4], people[4:])


def test_someone_moved_who_can_no_longer_see_the_community_is_moved_but_not_told(
    mailoutbox, django_capture_on_commit_callbacks
):
    community = CommunityFactory(private=True)
    organiser = member_of(community)
    event = EventFactory(community=community, created_by=organiser, capacity=3)
    stays, gone = member_of(community), member_of(community)
    sign_up(event, [member_of(community), stays, gone])
    Membership.objects.filter(user=gone, community=community).delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=organiser, capacity=1)

    assert Attendance.objects.get(user=gone).state == Attendance.State.WAITLISTED
    assert (len(told(stays)), len(told(gone))) == (1, 0)
    assert [m.to for m in mailoutbox] == [[stays.email]]


def test_the_edit_page_says_who_moved_to_the_waiting_list(client, event, organiser, people):
    sign_up(event, people)
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.community.slug, event.pk])
    page = client.get(url)
    data = {**page.context["form"].initial, "capacity": "2"}
    data["starts_at"] = data["starts_at"].strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = data["ends_at"].strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data, follow=True)
    assert (
        "The event has been updated. With fewer places, the last 2 people to sign up have moved "
        "to the top of the waiting list and been told." in response.content.decode()
    )


@pytest.mark.parametrize(
    "capacity, message",
    [("0", "greater than or equal to 1"), ("a dozen", "Enter a whole number.")],
)
def test_a_bad_capacity_comes_back_with_what_was_typed_and_moves_nobody(
    client, event, organiser, people, capacity, message
):
    sign_up(event, people)
    client.force_login(organiser)
    url = reverse("events:edit", args=[event.community.slug, event.pk])
    data = {**client.get(url).context["form"].initial, "capacity": capacity}
    data["starts_at"] = data["starts_at"].strftime("%Y-%m-%dT%H:%M")
    data["ends_at"] = data["ends_at"].strftime("%Y-%m-%dT%H:%M")
    data["location"] = "Leeds Civic Hall"
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{capacity}"' in page and 'value="Leeds Civic Hall"' in page
    assert Event.objects.get(pk=event.pk).capacity == 4
    assert the_list(event) == (people[:4], people[4:])
    assert not Notification.objects.exists()
