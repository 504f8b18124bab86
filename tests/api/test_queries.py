"""Every list endpoint costs the same number of queries for a page of 2 rows as for a full
page of 20 with more behind it: nothing is fetched per row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Membership
from events.models import Event
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.documents.factories import document
from tests.forums.factories import reply, topic
from tests.polls.factories import PollFactory
from tests.wikis.factories import edit, page

pytestmark = pytest.mark.django_db

LIMIT = 20
BUDGET = 12


def add(kind, community, user, n, start):
    """`n` more rows of `kind`; returns kwargs for the list's URL."""
    for i in range(start, start + n):
        if kind == "topics":
            topic(community, user, title=f"Topic {i}")
        elif kind == "replies":
            reply(community.first_topic, user, body=f"<p>Reply {i}</p>")
        elif kind == "blog":
            entry(user, title=f"Entry {i}", communities=[community])
        elif kind == "wiki":
            page(community, user, title=f"Page {i}")
        elif kind == "revisions":
            edit(community.first_page, user, body=f"<p>Version {i}</p>", reason=f"Edit {i}")
        elif kind == "documents":
            document(community, user, title=f"Document {i}")
        elif kind == "events":
            start_at = timezone.now() + timedelta(days=i + 1)
            Event.objects.create(
                community=community,
                title=f"Event {i}",
                starts_at=start_at,
                ends_at=start_at + timedelta(hours=1),
                created_by=user,
                contact=user,
            )
        elif kind == "polls":
            PollFactory(community=community, created_by=user)
        elif kind == "members":
            MembershipFactory(community=community, user=UserFactory())
        elif kind == "communities":
            Membership.objects.create(user=user, community=CommunityFactory())
        elif kind == "notifications":
            Notification.objects.create(user=user, kind="reply", summary=f"N {i}", url="/")
        elif kind == "activity":
            topic(community, user, title=f"Busy {i}")


def path(kind, community):
    base = f"/api/v1/communities/{community.slug}"
    first_topic = getattr(community, "first_topic", None)
    first_page = getattr(community, "first_page", None)
    return {
        "topics": f"{base}/topics",
        "replies": f"{base}/topics/{first_topic and first_topic.pk}/replies",
        "blog": f"{base}/blog",
        "wiki": f"{base}/wiki",
        "revisions": f"{base}/wiki/{first_page and first_page.slug}/revisions",
        "documents": f"{base}/documents",
        "events": f"{base}/events",
        "polls": f"{base}/polls",
        "members": f"{base}/members",
        "communities": "/api/v1/communities",
        "notifications": "/api/v1/notifications",
        "activity": "/api/v1/activity",
        "search": "/api/v1/search?q=Topic",
    }[kind]


def count(api, url):
    api.client.get(url, **api.headers)  # warm: the token's last-used time, caches
    with CaptureQueriesContext(connection) as queries:
        response = api.client.get(url, **api.headers)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize(
    "kind",
    [
        "topics",
        "replies",
        "blog",
        "wiki",
        "revisions",
        "documents",
        "events",
        "polls",
        "members",
        "communities",
        "notifications",
        "activity",
    ],
)
def test_each_list_costs_the_same_for_two_rows_as_for_a_full_page(kind, api, alice, community):
    if kind == "replies":
        community.first_topic = topic(community, alice, title="The thread")
    if kind == "revisions":
        community.first_page = page(community, alice, title="The page")
    add(kind, community, alice, 2, 0)
    small, data = count(api, path(kind, community))
    assert data["items"] and data["next"] is None
    add(kind, community, alice, LIMIT + 3, 2)
    large, data = count(api, path(kind, community))
    assert len(data["items"]) == LIMIT and data["next"]
    assert small == large, f"{kind}: {small} queries for 2 rows, {large} for a full page"
    assert large <= BUDGET, f"{kind}: {large} queries"
