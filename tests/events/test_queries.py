"""Pages of events cost the same number of queries however many events or attendees there are."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alerts.models import Frequency
from alerts.services import subscribe
from comments.models import Comment
from communities.models import Membership
from events.models import Attendance, Event
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

# Session, user, notification bell, unread messages, the community with its ancestors, the
# membership, the visibility rule... then each page's own few.
CALENDAR_QUERIES = 10
LIST_QUERIES = 13
# 16, plus one for the "Subscribe for email alerts" tool (the person's subscription to the event
# and their default frequency, in one query).
DETAIL_QUERIES = 17


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
    organiser_client.get(url)  # warms what communities.sight caches
    with django_assert_max_num_queries(LIST_QUERIES):
        assert organiser_client.get(url).status_code == 200


def tagged_events(community, count, *, past=False, tags_each=3):
    """`count` events (over, or to come), each with `tags_each` tags from a shared vocabulary."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag

    from tags.models import TaggedItem

    start = timezone.now() + (timedelta(days=-40) if past else timedelta(days=1))
    events = Event.objects.bulk_create(
        Event(
            community=community,
            title=f"Tagged {n}",
            starts_at=start + timedelta(hours=n),
            ends_at=start + timedelta(hours=n + 1),
        )
        for n in range(count)
    )
    vocabulary = [Tag.objects.get_or_create(name=f"topic {n}")[0] for n in range(5)]
    TaggedItem.objects.bulk_create(
        TaggedItem(
            content_type=ContentType.objects.get_for_model(Event),
            object_id=event.pk,
            tag=vocabulary[(i + k) % len(vocabulary)],
            community=community,
        )
        for i, event in enumerate(events)
        for k in range(tags_each)
    )


@pytest.mark.parametrize("past", [False, True], ids=["upcoming", "past"])
@pytest.mark.parametrize(
    "tag",
    ["", "topic-0", "no-such-tag", "a\x00b", "x" * 500],
    ids=["all", "tag", "unknown", "nul", "long"],
)
def test_event_lists_with_tags_and_the_tag_filter_cost_the_same_for_3_or_30_events(
    organiser_client, community, past, tag
):
    """The tags on each listed event are one query; the filter is part of the list's query."""
    url = reverse("events:past" if past else "events:index", args=[community.slug])
    params = {"tag": tag} if tag else {}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert organiser_client.get(url, params).status_code == 200
        return len(captured.captured_queries)

    tagged_events(community, 3, past=past)
    queries()  # the session is read on the first request only when no earlier one cached it
    few = queries()
    tagged_events(community, 27, past=past)
    assert queries() == few <= LIST_QUERIES


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
    organiser_client.get(event.get_absolute_url())  # warms what communities.sight caches
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = organiser_client.get(event.get_absolute_url())
    assert "Who is going (200)" in response.content.decode()
    assert "Comment 29" in response.content.decode()


def test_the_email_alerts_tool_on_the_event_page_costs_one_query_followed_or_not(
    client, community, organiser
):
    event = EventFactory(community=community, created_by=organiser)
    reader = member_of(community)
    client.force_login(reader)
    client.get(event.get_absolute_url())  # warm the content-type cache

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(event.get_absolute_url()).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    before = queries()
    subscribe(user=reader, target=event, frequency=Frequency.IMMEDIATE)
    after = queries()
    assert len(before) == len(after)
    [tool] = [sql for sql in after if "alerts_" in sql]
    assert "alerts_subscription" in tool and "alerts_alertpreferences" in tool


# Saving a change that everyone signed up hears about (and that moves the latest to the waiting
# list), and cancelling: notifications in one INSERT, visibility asked once for the whole list
# (a private community costs a few more), emails recorded in one outbox INSERT per notice (the
# change, the one moved) and the search re-index in another (core/handoff.py). Asking the rule
# about the attendees (communities.sight) reads their memberships once for the whole list.
SAVE_QUERIES = 38
CANCEL_QUERIES = 17


def signed_up_event(community, organiser, count):
    event = EventFactory(community=community, created_by=organiser, capacity=count)
    people = UserFactory.create_batch(count + 2, verified=False)
    Membership.objects.bulk_create(Membership(user=p, community=community) for p in people)
    Attendance.objects.bulk_create(
        Attendance(event=event, user=p, state="going" if n < count else "waitlisted")
        for n, p in enumerate(people)
    )
    Event.objects.filter(pk=event.pk).update(attendee_count=count, waitlist_count=2)
    return event


def edit_data(event, **overrides):
    return {
        "title": event.title,
        "description": event.description,
        "location": event.location,
        "online_url": "",
        "timezone": event.timezone,
        "starts_at": event.local_start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.local_end.strftime("%Y-%m-%dT%H:%M"),
        "contact": event.contact_id,
        "capacity": event.capacity,
        "base_version": event.edit_version,
        **overrides,
    }


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("count", [3, 60])
def test_saving_a_change_costs_the_same_however_many_are_signed_up(
    client,
    organiser,
    count,
    private,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    community = CommunityFactory(private=private)
    member_of(community, organiser)
    event = signed_up_event(community, organiser, count)
    client.force_login(organiser)
    url = reverse("events:edit", args=[community.slug, event.pk])
    data = edit_data(event, location="Leeds", capacity=count - 1)
    client.get(url)  # warms what communities.sight caches
    with django_capture_on_commit_callbacks(execute=False):
        with django_assert_max_num_queries(SAVE_QUERIES):
            assert client.post(url, data).status_code == 302
    assert Notification.objects.count() == count + 2 + 1  # the change, and the one moved


@pytest.mark.parametrize("count", [3, 60])
def test_cancelling_costs_the_same_however_many_are_signed_up(
    client,
    community,
    organiser,
    count,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    event = signed_up_event(community, organiser, count)
    client.force_login(organiser)
    url = reverse("events:cancel", args=[community.slug, event.pk])
    client.get(url)  # warms what communities.sight caches
    with django_capture_on_commit_callbacks(execute=False):
        with django_assert_max_num_queries(CANCEL_QUERIES):
            assert client.post(url, {"note": "Sorry"}).status_code == 302
    assert Notification.objects.count() == count + 2
