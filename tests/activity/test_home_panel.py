"""My home's What's happening panel compiles its query once per member and state of what they
may see: every change to what they may see, and every new or hidden row, shows at once."""

from datetime import timedelta

import pytest

from activity.home import HOME_ITEMS, whats_happening
from activity.services import hide_for
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, stand_in
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


def titles(user):
    return [row.title for row in whats_happening(user)["rows"]]


def test_joining_and_leaving_a_private_community_shows_and_hides_its_activity_at_once():
    private = CommunityFactory(private=True)
    reader = UserFactory()
    log(community=private, title="Panel minutes", ago=timedelta(hours=1))
    assert titles(reader) == []
    member_of(private, reader)
    assert titles(reader) == ["Panel minutes"]
    private.memberships.filter(user=reader).delete()
    assert titles(reader) == []


def test_visibility_and_features_change_the_panel_at_once():
    community = CommunityFactory()
    reader = UserFactory()
    log(community=community, title="Open notes", ago=timedelta(hours=1))
    assert titles(reader) == ["Open notes"]
    community.visibility = community.Visibility.PRIVATE
    community.save()
    assert titles(reader) == []
    community.visibility = community.Visibility.PUBLIC
    community.save()
    assert titles(reader) == ["Open notes"]
    community.features = [key for key in community.features if key != "forum"]
    community.save()
    assert titles(reader) == []


def test_new_hidden_and_deleted_rows_show_at_once_newest_first():
    community = CommunityFactory()
    reader = member_of(community)
    older = log(community=community, title="Older", ago=timedelta(hours=2))
    assert titles(reader) == ["Older"]
    hidden = stand_in(community)
    log(community=community, target=hidden, title="Newer", ago=timedelta(hours=1))
    assert titles(reader) == ["Newer", "Older"]
    hide_for(hidden)
    assert titles(reader) == ["Older"]
    older.target.delete()
    assert titles(reader) == []


def test_shows_the_newest_few_and_says_when_there_are_more():
    community = CommunityFactory()
    reader = member_of(community)
    for n in range(HOME_ITEMS + 1):
        log(community=community, title=f"Row {n}", ago=timedelta(hours=n + 1))
    section = whats_happening(reader)
    assert [row.title for row in section["rows"]] == [f"Row {n}" for n in range(HOME_ITEMS)]
    assert section["more"]
