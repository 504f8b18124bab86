"""Pages of events cost the same number of queries however many events or attendees there are."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from events.models import Attendance, Event
from tests.accounts.factories import UserFactory
from tests.communities.factories import member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

# Session, user, notification bell, unread messages, the community with its ancestors, the
# membership, the visibility rule... then each page's own few.
CALENDAR_QUERIES = 10
LIST_QUERIES = 13
DETAIL_QUERIES = 16


def many_events(community, count):
    start = timezone.now() + timedelta(days=1)
    Event.objects.bulk_create(
        Event(
            community=community,
            title=f"Event {n}",
            location="Leeds",
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n + 1),
        )
        for n in range(count)
    )


def test_month_calendar_queries_do_not_grow(
    organiser_client, community, django_assert_max_num_queries
):
    many_events(community, 60)
    url = reverse("events:calendar", args=[community.slug])
    with django_assert_max_num_queries(CALENDAR_QUERIES):
        assert organiser_client.get(url).status_code == 200


def test_upcoming_list_queries_do_not_grow(
    organiser_client, community, django_assert_max_num_queries
):
    many_events(community, 30)
    url = reverse("events:index", args=[community.slug])
    with django_assert_max_num_queries(LIST_QUERIES):
        assert organiser_client.get(url).status_code == 200


def test_my_communities_calendar_queries_do_not_grow(
    organiser_client, community, django_assert_max_num_queries
):
    many_events(community, 30)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert organiser_client.get(reverse("events:mine")).status_code == 200


def test_event_page_with_200_attendees_and_30_comments_queries_do_not_grow(
    organiser_client, community, organiser, django_assert_max_num_queries
):
    event = EventFactory(community=community, created_by=organiser)
    people = UserFactory.create_batch(200, verified=False)
    Attendance.objects.bulk_create(Attendance(event=event, user=person) for person in people)
    Event.objects.filter(pk=event.pk).update(attendee_count=200)
    member_of(community, people[0])
    for n in range(30):
        Comment.objects.create(target=event, author=people[n], body=f"<p>Comment {n}</p>")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = organiser_client.get(event.get_absolute_url())
    assert "Who is going (200)" in response.content.decode()
    assert "Comment 29" in response.content.decode()
