"""The directory's cards come from the cache (core.fragments): what a card says to one viewer
never reaches another whose relation to the community differs, and every change to what a card
shows (membership, a request, visibility, stage, name, members) is on the next request."""

import re

import pytest
from django.urls import reverse

from communities import services
from communities.models import Community
from core import fragments
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipRequestFactory, member_of

pytestmark = pytest.mark.django_db


def card(client, user, name):
    client.force_login(user)
    html = client.get(reverse("communities:directory"), {"q": name}).text
    found = re.findall(r'<li class="card[^"]*">.*?</li>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found[0]).split()) if found else None


@pytest.fixture
def garden(db):
    return CommunityFactory(name="Garden Circle")


def test_each_viewer_reads_their_own_relation(client, garden):
    facilitator = member_of(garden, UserFactory(), facilitator=True)
    member = member_of(garden, UserFactory())
    stranger = UserFactory()
    assert "You facilitate this community." in card(client, facilitator, "Garden")
    assert "You are a member." in card(client, member, "Garden")
    assert "Public: join Garden Circle with one click." in card(client, stranger, "Garden")
    assert "You facilitate" not in card(client, stranger, "Garden")


def test_joining_leaving_a_request_and_members_show_at_once(client, garden):
    member_of(garden, UserFactory(), facilitator=True)
    person = UserFactory()
    before = card(client, person, "Garden")
    assert "Public: join" in before and "1 member" in before

    services.membership_join(user=person, community=garden)
    after = card(client, person, "Garden")
    assert "You are a member." in after and "2 members" in after

    services.membership_leave(user=person, community=garden)
    assert "Public: join" in card(client, person, "Garden")

    private = CommunityFactory(name="Quiet Circle", private=True)
    member_of(private, UserFactory(), facilitator=True)
    assert "Private: ask to join Quiet Circle" in card(client, person, "Quiet")
    MembershipRequestFactory(user=person, community=private)
    assert "Your request to join is waiting for a facilitator." in card(client, person, "Quiet")


def test_visibility_stage_and_name_show_at_once(client, garden):
    admin = member_of(garden, UserFactory(), facilitator=True)
    stranger = UserFactory()
    assert "Public: join" in card(client, stranger, "Garden")

    services.community_update(community=garden, by=admin, visibility=Community.Visibility.PRIVATE)
    text = card(client, stranger, "Garden")
    assert "Private: ask to join" in text and "Public: join" not in text

    services.stage_change(community=garden, by=admin, to_stage=Community.Stage.CLOSEDOWN)
    text = card(client, stranger, "Garden")
    assert "Closed: not taking new members." in text and "Archived" in text

    garden.refresh_from_db()
    services.community_update(community=garden, by=admin, name="Garden Network")
    assert "Garden Network" in card(client, stranger, "Garden")


def test_the_directory_works_when_the_cache_is_down(client, garden, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(fragments, "cache", Down())
    assert "Garden Circle" in card(client, UserFactory(), "Garden")
