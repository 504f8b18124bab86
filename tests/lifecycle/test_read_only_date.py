"""A community in closedown stays open until its read-only date; from that moment on it is an
archive (is_archived, the archived()/not_archived() querysets, the rules and every feature)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from activity.models import Activity
from communities import models as community_models
from communities.models import Community
from communities.rules import CommunityAccess
from communities.services import stage_change
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic as start_topic

pytestmark = pytest.mark.django_db


def closing(at):
    return CommunityFactory(stage=Community.Stage.CLOSEDOWN, read_only_from=at)


def test_a_community_in_closedown_with_no_date_is_an_archive_at_once():
    community = closing(None)
    assert community.is_archived and not community.is_closing
    assert list(Community.objects.archived()) == [community]


def test_before_its_read_only_date_a_closing_community_is_open_for_posts():
    community = closing(timezone.now() + timedelta(days=7))
    member = member_of(community)
    assert not community.is_archived and community.is_closing
    assert CommunityAccess(member, community).can_post
    assert list(Community.objects.not_archived()) == [community]
    assert not Community.objects.archived().exists()


def test_at_the_read_only_moment_itself_it_is_an_archive(monkeypatch):
    moment = timezone.now() + timedelta(days=3)
    community = closing(moment)
    member = member_of(community)
    monkeypatch.setattr(community_models.timezone, "now", lambda: moment)
    assert community.is_archived
    assert not CommunityAccess(member, community).can_post
    assert list(Community.objects.archived(now=moment)) == [community]
    assert list(Community.objects.archived(now=moment - timedelta(microseconds=1))) == []
    assert list(Community.objects.not_archived(now=moment - timedelta(microseconds=1))) == [
        community
    ]


def test_members_post_until_the_date_and_scoped_items_follow_it():
    community = closing(timezone.now() + timedelta(hours=1))
    topic = start_topic(community, member_of(community))
    assert list(type(topic).objects.not_archived()) == [topic]
    Community.objects.filter(pk=community.pk).update(
        read_only_from=timezone.now() - timedelta(seconds=1)
    )
    assert list(type(topic).objects.not_archived()) == []


def test_the_read_only_date_only_counts_in_closedown():
    community = CommunityFactory(read_only_from=timezone.now() - timedelta(days=1))
    assert not community.is_archived and not community.is_closing


def test_moving_to_closedown_or_back_clears_the_date():
    community = CommunityFactory()
    facilitator = member_of(community, facilitator=True)
    stage_change(community=community, by=facilitator, to_stage=Community.Stage.CLOSEDOWN)
    community.refresh_from_db()
    assert community.read_only_from is None and community.is_archived
    Community.objects.filter(pk=community.pk).update(
        read_only_from=timezone.now() + timedelta(days=1)
    )
    stage_change(community=community, by=facilitator, to_stage=Community.Stage.SUSTAIN)
    community.refresh_from_db()
    assert community.read_only_from is None and not community.is_archived


def test_digest_candidates_skip_a_community_once_it_is_read_only(
    django_capture_on_commit_callbacks,
):
    start = timezone.now() - timedelta(hours=1)
    end = timezone.now() + timedelta(hours=1)
    community = closing(timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        start_topic(community, member_of(community))

    def candidates():
        return Activity.objects.for_digest(start, end).filter(community=community)

    assert candidates().exists()
    Community.objects.filter(pk=community.pk).update(read_only_from=timezone.now())
    assert not candidates().exists()
