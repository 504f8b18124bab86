"""Items of one community after the rule: when that community is among the visible ones, the
query says `community = c` alone (no array of every visible community for PostgreSQL to weigh);
when it is not, nothing comes back, as before."""

import pytest
from django.db import connection

from forums.models import Topic
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic

pytestmark = pytest.mark.django_db


def titles(user, community):
    return set(
        Topic.objects.visible_to(user).in_community(community).values_list("title", flat=True)
    )


@pytest.fixture
def world():
    author = UserFactory()
    public, private, other = (
        CommunityFactory(name="Public"),
        CommunityFactory(name="Private", private=True),
        CommunityFactory(name="Other"),
    )
    for community in (public, private, other):
        member_of(community, author)
        topic(community, author, title=f"In {community.name}")
    return author, public, private, other


def test_a_visible_community_gives_its_own_items_and_no_others(world):
    _, public, _, other = world
    reader = UserFactory()
    assert titles(reader, public) == {"In Public"}
    assert titles(reader, other) == {"In Other"}
    assert titles(reader, public.pk) == {"In Public"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array is PostgreSQL's")
def test_a_visible_community_is_asked_for_without_the_array(world):
    _, public, _, _ = world
    sql = str(Topic.objects.visible_to(UserFactory()).in_community(public).query)
    assert "ANY(" not in sql
    assert '"forums_topic"."community_id" = ' in sql


def test_a_private_community_gives_nothing_to_a_non_member_and_everything_to_a_member(world):
    author, _, private, _ = world
    assert titles(UserFactory(), private) == set()
    assert titles(author, private) == {"In Private"}


def test_a_switched_off_feature_gives_nothing(world):
    author, public, _, _ = world
    public.features = [key for key in public.features if key != "forum"]
    public.save()
    assert titles(author, public) == set()
    assert titles(UserFactory(), public) == set()


def test_the_community_filter_alone_is_not_narrowed_by_anything_else(world):
    author, public, private, _ = world
    assert set(Topic.objects.in_community(private).values_list("title", flat=True)) == {
        "In Private"
    }
