"""The community home's people panel: facilitators by name, the newest members, and what
changes them (joining, leaving, a new role, a new name) showing on the next request."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Membership
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipFactory, member_of

pytestmark = pytest.mark.django_db


def panel(client, community):
    html = client.get(f"/c/{community.slug}/").content.decode()
    facilitators = re.search(r"Facilitators</h2>\s*<ul[^>]*>(.*?)</ul>", html, re.S).group(1)
    newest = re.search(r"Newest members</h2>\s*<ul[^>]*>(.*?)</ul>", html, re.S).group(1)

    def names(block):
        return [
            " ".join(re.sub(r"<[^>]+>", " ", li).split())
            for li in re.findall(r"<li>(.*?)</li>", block, re.S)
        ]

    return names(facilitators), names(newest)


def joined(community, name, days_ago, *, facilitator=False):
    membership = MembershipFactory(
        community=community, user=UserFactory(name=name), facilitator=facilitator
    )
    Membership.objects.filter(pk=membership.pk).update(
        created=timezone.now() - timedelta(days=days_ago)
    )
    return membership


def test_facilitators_by_name_and_the_newest_members_newest_first(client):
    community = CommunityFactory()
    joined(community, "zoë Zimmer", 30, facilitator=True)
    joined(community, "Ángela Ávila", 20, facilitator=True)
    joined(community, "adam Abbott", 25, facilitator=True)
    joined(community, "", 28, facilitator=True)
    for n in range(7):
        joined(community, f"Member {n}", 10 - n)
    client.force_login(joined(community, "Reader", 40).user)

    facilitators, newest = panel(client, community)

    assert facilitators == ["Unnamed member", "adam Abbott", "zoë Zimmer", "Ángela Ávila"]
    assert [line.split(" joined")[0] for line in newest] == [f"Member {n}" for n in range(6, 0, -1)]


def test_at_most_twelve_facilitators_and_six_newest(client):
    community = CommunityFactory()
    for n in range(15):
        joined(community, f"Facilitator {n:02}", 50 + n, facilitator=True)
    client.force_login(member_of(community))

    facilitators, newest = panel(client, community)

    assert facilitators == [f"Facilitator {n:02}" for n in range(12)]
    assert len(newest) == 6


def test_a_new_facilitator_is_in_both_lists_once(client):
    community = CommunityFactory()
    reader = joined(community, "Reader", 40).user
    joined(community, "Fresh Facilitator", 0, facilitator=True)
    client.force_login(reader)

    facilitators, newest = panel(client, community)

    assert facilitators == ["Fresh Facilitator"]
    assert newest[0].startswith("Fresh Facilitator joined")
    assert sum(line.startswith("Fresh Facilitator") for line in newest) == 1


def test_a_new_role_a_new_name_and_leaving_show_at_once(client):
    community = CommunityFactory()
    reader = joined(community, "Reader", 40).user
    other = joined(community, "Olive Other", 5)
    client.force_login(reader)
    assert panel(client, community)[0] == ["None yet."]

    Membership.objects.filter(pk=other.pk).update(role=Membership.Role.FACILITATOR)
    assert panel(client, community)[0] == ["Olive Other"]

    other.user.name = "Olive Renamed"
    other.user.save(update_fields=["name"])
    facilitators, newest = panel(client, community)
    assert facilitators == ["Olive Renamed"]
    assert newest[0].startswith("Olive Renamed joined")

    Membership.objects.filter(pk=other.pk).delete()
    facilitators, newest = panel(client, community)
    assert facilitators == ["None yet."]
    assert not any("Olive" in line for line in newest)
