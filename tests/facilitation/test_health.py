"""Health figures: what a facilitator (and the sponsor report) reads about a period."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.clicks import count_click, count_digests
from communities import services as community_services
from facilitation.health import figures, previous_period
from facilitation.models import Visit
from facilitation.visits import record_visit
from forums.models import Post, Topic
from tests.communities.factories import CommunityFactory, member_of
from tests.facilitation.factories import community_with_members
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def _age(item, hours):
    """Date a topic (and its opening post) `hours` ago."""
    when = timezone.now() - timedelta(hours=hours)
    Topic.objects.filter(pk=item.pk).update(created=when)
    Post.objects.filter(topic=item, is_opening=True).update(created=when)
    return when


def test_previous_period_is_the_same_length_just_before():
    end = timezone.now()
    start = end - timedelta(days=7)
    assert previous_period(start, end) == (start - timedelta(days=7), start)


def test_replies_members_and_the_split_are_counted_for_the_period():
    community = CommunityFactory()
    asker, helper, reader = (member_of(community) for _ in range(3))
    quick = topic(community, asker, title="Quick one")
    slow = topic(community, asker, title="Slow one")
    topic(community, asker, title="Nobody answered")
    _age(quick, 10)
    slow_start = _age(slow, 100)
    reply(quick, helper)
    late = reply(slow, helper)
    Post.objects.filter(pk=late.pk).update(created=slow_start + timedelta(hours=72))
    end = timezone.now() + timedelta(minutes=1)

    health = figures(community, start=end - timedelta(days=7), end=end)

    assert health.topics_started == 3
    assert health.topics_replied == 2
    assert health.replied_within_48h == 1
    assert health.replied_within_48h_pct == pytest.approx(33.3)
    assert timedelta(hours=9) < health.median_first_reply < timedelta(hours=73)
    assert (health.creators, health.contributors, health.readers) == (1, 1, 1)
    assert health.active_contributors == 2
    assert health.members == 3 and health.new_members == 3
    assert reader  # a member who only reads is counted among the readers


def test_members_lost_visits_digests_and_clicks_are_counts():
    community = CommunityFactory()
    staying, leaving = member_of(community), member_of(community)
    community_services.membership_leave(community=community, user=leaving)
    wednesday_10 = timezone.localtime().replace(hour=10, minute=5)
    record_visit(user=staying, slug=community.slug, when=wednesday_10)
    record_visit(user=staying, slug=community.slug, when=wednesday_10 + timedelta(hours=2))
    count_digests([community.pk, community.pk])
    count_click(community.pk)
    end = timezone.now() + timedelta(days=1)

    health = figures(community, start=end - timedelta(days=7), end=end)

    assert health.members_lost == 1
    assert Visit.objects.filter(community=community).count() == 1  # once per member and day
    assert health.visits == 1 and health.visitors == 1
    weekday = wednesday_10.weekday()
    assert health.visits_by_weekday_hour[weekday][10] == 1
    assert health.busiest[1] == 10
    assert (health.digest_reach, health.link_clicks) == (2, 1)


def test_the_figures_take_the_same_queries_for_10_and_1000_members():
    def community_of(size, prefix):
        community, users = community_with_members(size, prefix=prefix)
        topic(community, users[0])
        record_visit(user=users[1], slug=community.slug)
        return community

    small, large = community_of(10, "s"), community_of(1000, "l")
    end = timezone.now() + timedelta(minutes=1)
    start = end - timedelta(days=7)

    with CaptureQueriesContext(connection) as small_queries:
        figures(small, start=start, end=end)
    with CaptureQueriesContext(connection) as large_queries:
        figures(large, start=start, end=end)
    assert len(small_queries) == len(large_queries) <= 8
