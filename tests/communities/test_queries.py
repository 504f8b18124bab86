"""Every communities page runs a small, constant number of queries, however much it lists.

Each test loads a page with a little data (2 of everything) and with a lot (30 more), checks
both cost the same, and that the page stays under its budget. The budgets include what the site
chrome and other apps' panels on the same page cost (session, user, navigation counters,
activity and alert panels).
"""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import MembershipRequest
from tests.accounts.factories import AdminFactory, UserFactory
from tests.communities.factories import (
    CommunityFactory,
    InvitationFactory,
    MembershipRequestFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
SERIAL = itertools.count()

BUDGET = {
    "directory": 14,
    "home": 26,
    "members": 14,
    "review": 12,
    "requests": 14,
    "mine": 12,
    "my_home": 22,
    "invite": 14,
    "stage": 14,
}


def count_queries(client, url, **query):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    return len(captured)


def assert_constant(client, url, grow, budget, django_assert_max_num_queries):
    grow(2)
    count_queries(client, url)  # warm per-process caches (content types, templates)
    small = count_queries(client, url)
    grow(30)
    count_queries(client, url)  # the new communities and memberships renewed what sight caches
    with django_assert_max_num_queries(budget):
        large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with a little data, {large} with a lot"
    return large


def test_directory_with_35_communities(client, django_assert_max_num_queries):
    viewer = UserFactory()
    client.force_login(viewer)
    parent = CommunityFactory(name="Parent", private=True)
    member_of(parent, viewer)

    def grow(n):
        for i in range(n):
            community = CommunityFactory(private=i % 2 == 0, parent=parent if i % 5 == 0 else None)
            if i % 3 == 0:
                member_of(community, viewer)
            elif i % 2 == 0:
                MembershipRequestFactory(user=viewer, community=community)

    assert_constant(
        client,
        reverse("communities:directory"),
        grow,
        BUDGET["directory"],
        django_assert_max_num_queries,
    )


def test_community_home_with_many_members_and_sub_communities(
    client, django_assert_max_num_queries
):
    community = CommunityFactory(private=True, welcome_message="Hi", ground_rules="Be kind")
    facilitator = member_of(community, facilitator=True)
    client.force_login(facilitator)

    def grow(n):
        for _ in range(n):
            member_of(community)
        for _ in range(n // 4 + 1):
            CommunityFactory(private=True, parent=community)
            MembershipRequestFactory(community=community)

    assert_constant(
        client, community.get_absolute_url(), grow, BUDGET["home"], django_assert_max_num_queries
    )


def test_members_page_with_60_members_seen_by_a_facilitator(client, django_assert_max_num_queries):
    community = CommunityFactory()
    client.force_login(member_of(community, facilitator=True))

    def grow(n):
        for i in range(n):
            member_of(community, facilitator=i % 10 == 0)

    url = reverse("communities:members", args=[community.slug])
    assert_constant(client, url, grow, BUDGET["members"], django_assert_max_num_queries)


def test_review_queue_with_30_proposals(client, django_assert_max_num_queries):
    client.force_login(AdminFactory())

    def grow(n):
        for i in range(n):
            CommunityFactory(pending=True, proposed_by=UserFactory())

    url = reverse("communities:review")
    assert_constant(client, url, grow, BUDGET["review"], django_assert_max_num_queries)


def test_requests_page_with_30_waiting_and_30_decided(client, django_assert_max_num_queries):
    community = CommunityFactory(private=True)
    facilitator = member_of(community, facilitator=True)
    client.force_login(facilitator)

    def grow(n):
        for _ in range(n):
            MembershipRequestFactory(community=community)
            MembershipRequestFactory(
                community=community,
                state=MembershipRequest.State.DECLINED,
                decided_by=facilitator,
                decided_at=timezone.now(),
                decision_message="Not this time",
            )

    url = reverse("communities:requests", args=[community.slug])
    assert_constant(client, url, grow, BUDGET["requests"], django_assert_max_num_queries)


def test_my_proposals_and_requests(client, django_assert_max_num_queries):
    me = UserFactory()
    client.force_login(me)

    def grow(n):
        for i in range(n):
            CommunityFactory(pending=i % 2 == 0, proposed_by=me)
            MembershipRequestFactory(user=me, community=CommunityFactory(private=True))
            InvitationFactory(user=me)

    url = reverse("communities:mine")
    assert_constant(client, url, grow, BUDGET["mine"], django_assert_max_num_queries)


def test_my_home_with_many_communities(client, django_assert_max_num_queries):
    me = UserFactory()
    client.force_login(me)

    def grow(n):
        for i in range(n):
            member_of(CommunityFactory(), me)
            MembershipRequestFactory(user=me, community=CommunityFactory(private=True))

    url = reverse("core:home")
    assert_constant(client, url, grow, BUDGET["my_home"], django_assert_max_num_queries)


def test_invitations_page(client, django_assert_max_num_queries):
    community = CommunityFactory(private=True)
    facilitator = member_of(community, facilitator=True)
    client.force_login(facilitator)

    def grow(n):
        for i in range(n):
            InvitationFactory(
                community=community,
                invited_by=facilitator,
                user=None if i % 2 else UserFactory(),
                email=f"guest{next(SERIAL)}@example.org",
                expires_at=timezone.now() + timedelta(days=1 - i % 3),
            )

    url = reverse("communities:invite", args=[community.slug])
    assert_constant(client, url, grow, BUDGET["invite"], django_assert_max_num_queries)


def test_stage_page_with_a_long_history(client, django_assert_max_num_queries):
    from communities.models import StageChange

    community = CommunityFactory()
    facilitator = member_of(community, facilitator=True)
    client.force_login(facilitator)

    def grow(n):
        for i in range(n):
            StageChange.objects.create(
                community=community,
                from_stage="startup",
                to_stage="nurture",
                changed_by=facilitator,
                note=f"Change {i}",
            )

    url = reverse("communities:stage", args=[community.slug])
    assert_constant(client, url, grow, BUDGET["stage"], django_assert_max_num_queries)


@pytest.mark.parametrize(
    "page,budget",
    [
        ("manage", 12),
        ("subcommunity_new", 12),
        ("stage", 12),
        ("rules", 10),
        ("gate", 12),
        ("request", 12),
        ("join", 10),
        ("review_detail", 8),
        ("invitation", 8),
    ],
)
def test_every_other_page_stays_small(client, page, budget, django_assert_max_num_queries):
    private = CommunityFactory(private=True, ground_rules="Be kind")
    public = CommunityFactory(ground_rules="No selling")
    facilitator = member_of(private, facilitator=True)
    member_of(public, facilitator, facilitator=True)
    outsider = UserFactory()
    for _ in range(5):
        MembershipRequestFactory(user=outsider, community=private, state="declined")
    proposal = CommunityFactory(pending=True, proposed_by=outsider)
    invitation = InvitationFactory(community=private, user=outsider)
    who, url = {
        "manage": (facilitator, reverse("communities:manage", args=[private.slug])),
        "subcommunity_new": (
            facilitator,
            reverse("communities:subcommunity_new", args=[private.slug]),
        ),
        "stage": (facilitator, reverse("communities:stage", args=[private.slug])),
        "rules": (facilitator, reverse("communities:rules", args=[private.slug])),
        "gate": (outsider, private.get_absolute_url()),
        "request": (outsider, reverse("communities:request", args=[private.slug])),
        "join": (outsider, reverse("communities:join", args=[public.slug])),
        "review_detail": (AdminFactory(), reverse("communities:review_detail", args=[proposal.pk])),
        "invitation": (outsider, reverse("communities:invitation", args=[invitation.token])),
    }[page]
    client.force_login(who)
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code in (200, 403)
