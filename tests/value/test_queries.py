"""Story and report pages cost the same number of queries with 10 members and stories as with
1,000 (and the site report the same with 3 communities as with 30): nothing is counted or
fetched per member, story, event or community."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities.models import Membership
from communities.services import _refresh_member_counts
from events.models import Event
from forums.models import Post
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic
from tests.value.factories import story
from value.models import Sharing, Story

pytestmark = pytest.mark.django_db

BUDGET = {"stories": 12, "report": 37, "site_report": 24, "helped": 12, "story": 7, "csv": 35}


def grow(community, n, *, start=0):
    """`n` more members, each with a shareable story (with a saving) about its own reply, and an
    event held with them all attending: bulk rows, as the services would leave them."""
    users = User.objects.bulk_create(
        User(email=f"grow{start + i}@example.org", username=f"grow{start + i}", name=f"Member {i}")
        for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=u, community=community) for u in users)
    _refresh_member_counts([community.pk])
    t = topic(community, users[0], title=f"Busy topic {start}")
    posts = Post.objects.bulk_create(
        Post(
            community=community, topic=t, author=users[0], body="<p>Hi</p>", path=f"{start + i:08d}"
        )
        for i in range(n)
    )
    now = timezone.now()
    kind = ContentType.objects.get_for_model(Post)
    Story.objects.bulk_create(
        Story(
            user=u, community=community, feature="forum", target_type=kind, target_id=p.pk,
            target_title="A reply", target_url="/", helped_with=f"Story {i}",
            saved_amount=i % 7 + 1, saved_unit=("hours", "days", "pounds")[i % 3],
            sharing=Sharing.SHAREABLE, created=now, updated=now,
        )
        for i, (u, p) in enumerate(zip(users, posts, strict=True))
    )  # fmt: skip
    Event.objects.bulk_create(
        Event(
            community=community, title=f"Meet-up {start + i}", starts_at=now - timedelta(days=1),
            ends_at=now - timedelta(hours=20), created_by=users[0], attendee_count=n,
        )
        for i in range(min(n, 60))
    )  # fmt: skip


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def world(community, facilitator, alice, bob):
    answer = reply(topic(community, bob), bob)
    own = story(answer, alice)
    grow(community, 10)
    return {"community": community, "answer": answer, "story": own}


def urls(world):
    slug = world["community"].slug
    return {
        "stories": reverse("value:stories", kwargs={"slug": slug}),
        "report": reverse("value:report", kwargs={"slug": slug}),
        "csv": reverse("value:report_csv", kwargs={"slug": slug}),
        "helped": reverse("value:helped", kwargs={"kind": "post", "pk": world["answer"].pk}),
        "story": reverse("value:story", kwargs={"pk": world["story"].pk}),
    }


def test_story_and_report_pages_cost_the_same_with_10_or_1000_members_and_stories(
    client, world, facilitator, alice
):
    as_whom = {"stories": facilitator, "report": facilitator, "csv": facilitator,
               "helped": alice, "story": alice}  # fmt: skip
    few = {}
    for name, url in urls(world).items():
        client.force_login(as_whom[name])
        few[name] = count(client, url)
    grow(world["community"], 990, start=10)
    for name, url in urls(world).items():
        client.force_login(as_whom[name])
        many = count(client, url)
        assert many <= few[name], f"{name}: {few[name]} queries with 10, {many} with 1,000"
        assert many <= BUDGET[name], f"{name}: {many} queries (budget {BUDGET[name]})"


def test_the_site_report_costs_the_same_for_3_or_30_communities(client, site_admin):
    for n in range(3):
        community = CommunityFactory(name=f"Community {n:02d}")
        member_of(community)
        grow(community, 5, start=n * 100)
    client.force_login(site_admin)
    url = reverse("value:site_report") + "?sort=-stories"
    few = count(client, url)
    for n in range(3, 30):
        community = CommunityFactory(name=f"Community {n:02d}")
        grow(community, 5, start=n * 100)
    many = count(client, url)
    assert many <= few <= BUDGET["site_report"], (few, many)
