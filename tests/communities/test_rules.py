"""The visibility rule and the predicates, for every kind of person × every kind of community.

`visible_to` decides whose CONTENT someone sees; `listed_to` decides which communities they
see in the directory. Each table below is the rule written out in full.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from communities.models import Community, Membership
from communities.querysets import CommunityScopedQuerySet
from communities.rules import CommunityAccess
from tests.accounts.factories import AdminFactory, UserFactory
from tests.communities.factories import (
    CommunityFactory,
    MembershipFactory,
    MembershipRequestFactory,
)
from tests.fixtures.worlds import fresh, module_world

ROLES = ["anonymous", "suspended", "outsider", "requester", "member", "facilitator", "admin"]
KINDS = [
    "public",
    "private",
    "sub_of_private",
    "public_sub_of_private",
    "sub_sub_of_private",
    "private_sub_of_public",
    "pending",
    "rejected",
    "archived_public",
    "archived_private",
]


def build_town():
    """One person per role, and one community per kind. In each community, `member` and
    `facilitator` belong (and belong to every parent, as joining requires), and `requester`
    has a pending request (and belongs to the parents, so they could ask)."""
    people = SimpleNamespace(
        anonymous=AnonymousUser(),
        suspended=UserFactory(name="Suspended Sue", is_active=False),
        outsider=UserFactory(name="Olu Outsider"),
        requester=UserFactory(name="Riley Requester"),
        member=UserFactory(name="Alex Member"),
        facilitator=UserFactory(name="Fran Facilitator"),
        admin=AdminFactory(name="Sam Admin"),
    )
    communities = {}

    def make(kind, parents=(), **traits):
        community = CommunityFactory(name=kind.replace("_", " ").title(), **traits)
        for c in [*parents, community]:
            for who, facilitator in (("member", False), ("facilitator", True)):
                if not Membership.objects.filter(user=getattr(people, who), community=c).exists():
                    MembershipFactory(
                        user=getattr(people, who), community=c, facilitator=facilitator
                    )
        for parent in parents:
            if not Membership.objects.filter(user=people.requester, community=parent).exists():
                MembershipFactory(user=people.requester, community=parent)
        MembershipRequestFactory(user=people.requester, community=community)
        # The suspended account was a member everywhere: suspension must still hide it all.
        MembershipFactory(user=people.suspended, community=community)
        communities[kind] = community
        return community

    make("public")
    make("private", private=True)
    # Sub-communities hang off parents of their own, so belonging to a parent (as the
    # requester does, to be allowed to ask) does not leak into the "private" row.
    parent_a = CommunityFactory(name="Private Parent A", private=True)
    make("sub_of_private", parents=[parent_a], private=True, parent=parent_a)
    parent_c = CommunityFactory(name="Private Parent C", private=True)
    sub_c = CommunityFactory(name="Private Sub C", private=True, parent=parent_c)
    make("sub_sub_of_private", parents=[parent_c, sub_c], private=True, parent=sub_c)
    parent_b = CommunityFactory(name="Private Parent B", private=True)
    make("public_sub_of_private", parents=[parent_b], parent=parent_b)
    public_parent = CommunityFactory(name="Public Parent")
    make("private_sub_of_public", private=True, parent=public_parent)
    make("pending", pending=True)
    make("rejected", status=Community.Status.REJECTED)
    make("archived_public", archived=True)
    make("archived_private", private=True, archived=True)
    return SimpleNamespace(people=people, communities=communities)


# Built once for the module; each test gets its own copy and rolls back what it writes.
_town = module_world(build_town)


@pytest.fixture
def town(_town, db):
    return fresh(_town)


# Whose content each role sees. Y = sees it.
CAN_VIEW = {
    #                          anon  susp  outs  reqr  memb  faci  admin
    "public":                 ("-", "-", "Y", "Y", "Y", "Y", "Y"),
    "private":                ("-", "-", "-", "-", "Y", "Y", "Y"),
    "sub_of_private":         ("-", "-", "-", "-", "Y", "Y", "Y"),
    # Public under a private parent: the parent's members (the requester belongs to the parent).
    "public_sub_of_private":  ("-", "-", "-", "Y", "Y", "Y", "Y"),
    "sub_sub_of_private":     ("-", "-", "-", "-", "Y", "Y", "Y"),
    "private_sub_of_public":  ("-", "-", "-", "-", "Y", "Y", "Y"),
    "pending":                ("-", "-", "-", "-", "-", "-", "Y"),
    "rejected":               ("-", "-", "-", "-", "-", "-", "Y"),
    "archived_public":        ("-", "-", "Y", "Y", "Y", "Y", "Y"),
    "archived_private":       ("-", "-", "-", "-", "Y", "Y", "Y"),
}  # fmt: skip

# Which communities each role sees listed in the directory.
LISTED = {
    #                          anon  susp  outs  reqr  memb  faci  admin
    "public":                 ("-", "-", "Y", "Y", "Y", "Y", "Y"),
    "private":                ("-", "-", "Y", "Y", "Y", "Y", "Y"),
    # A sub-community of a private community: listed to the parent's members only.
    "sub_of_private":         ("-", "-", "-", "Y", "Y", "Y", "Y"),
    "public_sub_of_private":  ("-", "-", "-", "Y", "Y", "Y", "Y"),
    "sub_sub_of_private":     ("-", "-", "-", "Y", "Y", "Y", "Y"),
    "private_sub_of_public":  ("-", "-", "Y", "Y", "Y", "Y", "Y"),
    "pending":                ("-", "-", "-", "-", "-", "-", "-"),
    "rejected":               ("-", "-", "-", "-", "-", "-", "-"),
    "archived_public":        ("-", "-", "Y", "Y", "Y", "Y", "Y"),
    "archived_private":       ("-", "-", "Y", "Y", "Y", "Y", "Y"),
}  # fmt: skip


def expected_roles(table, kind):
    return {role for role, flag in zip(ROLES, table[kind], strict=True) if flag == "Y"}


@pytest.mark.parametrize("kind", KINDS)
def test_who_sees_a_communitys_content(town, kind):
    community = town.communities[kind]

    def roles_where(check):
        return {role for role in ROLES if check(getattr(town.people, role))}

    expected = expected_roles(CAN_VIEW, kind)
    assert roles_where(lambda u: community in Community.objects.visible_to(u)) == expected
    # can_view and CommunityAccess both answer from that same rule.
    assert roles_where(community.can_view) == expected
    assert roles_where(lambda u: CommunityAccess(u, community).can_view) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_who_sees_a_community_listed_in_the_directory(town, kind):
    community = town.communities[kind]
    listed = {
        role
        for role in ROLES
        if community in Community.objects.listed_to(getattr(town.people, role))
    }
    assert listed == expected_roles(LISTED, kind)


def test_site_admin_means_staff_or_superuser(town):
    superuser_only = UserFactory(is_superuser=True)
    staff_only = UserFactory(is_staff=True)
    private = town.communities["private"]
    assert private.can_view(superuser_only)
    assert private.can_view(staff_only)


def test_every_level_of_a_deep_chain_is_checked(db):
    """Four levels: belonging to the lower three is not enough without the private top."""
    top = CommunityFactory(name="Top", private=True)
    middle = CommunityFactory(name="Middle", parent=top)
    lower = CommunityFactory(name="Lower", parent=middle)
    bottom = CommunityFactory(name="Bottom", parent=lower)
    climber = UserFactory()
    for community in (middle, lower, bottom):
        MembershipFactory(user=climber, community=community)
    assert bottom.depth == 3
    assert not bottom.can_view(climber)
    MembershipFactory(user=climber, community=top)
    assert bottom.can_view(climber)


def test_a_pending_parent_hides_its_sub_communities(db):
    parent = CommunityFactory(pending=True)
    sub = CommunityFactory(parent=parent)
    someone = UserFactory()
    assert not sub.can_view(someone)
    assert sub not in Community.objects.listed_to(someone)


# --- what each person may do -----------------------------------------------------------------
def _asking(question):
    def ask(user, community):
        return getattr(CommunityAccess(user, community), question)

    ask.__name__ = question
    return ask


can_post, can_moderate, can_admin, can_join, can_request = (
    _asking(q) for q in ("can_post", "can_moderate", "can_admin", "can_join", "can_request")
)

DOES = {
    # predicate: {kind: allowed roles}
    can_post: {
        "public": {"member", "facilitator"},
        "private": {"member", "facilitator"},
        "sub_of_private": {"member", "facilitator"},
        "archived_public": set(),
        "archived_private": set(),
        "pending": set(),
    },
    can_moderate: {
        "public": {"facilitator", "admin"},
        "private": {"facilitator", "admin"},
        "sub_sub_of_private": {"facilitator", "admin"},
        "archived_private": {"facilitator", "admin"},
    },
    can_admin: {
        "private": {"facilitator", "admin"},
        "archived_public": {"facilitator", "admin"},
        "pending": set(),
    },
    can_join: {
        "public": {"outsider", "requester", "admin"},
        "public_sub_of_private": {"requester"},
        "private": set(),
        "archived_public": set(),
    },
    can_request: {
        "private": {"outsider", "requester", "admin"},
        # Only members of the private parent may ask to join its sub-community.
        "sub_of_private": {"requester"},
        "private_sub_of_public": {"outsider", "requester", "admin"},
        "public": set(),
        "archived_private": set(),
        "pending": set(),
    },
}


@pytest.mark.parametrize(
    "predicate,kind",
    [(p, k) for p, kinds in DOES.items() for k in kinds],
    ids=lambda v: getattr(v, "name", None) or getattr(v, "__name__", str(v)),
)
def test_who_may_do_what(town, predicate, kind):
    allowed = {
        role for role in ROLES if predicate(getattr(town.people, role), town.communities[kind])
    }
    assert allowed == DOES[predicate][kind]


def test_superuser_cannot_post_into_an_archive_even_though_has_perm_says_yes_to_everything(town):
    admin = town.people.admin
    archived = town.communities["archived_public"]
    MembershipFactory(user=admin, community=archived)
    assert not can_post(admin, archived)


# --- the scoped queryset later apps build on -------------------------------------------------
def test_scoped_queryset_filters_by_the_rules_answer_as_one_parameter(town):
    """Any model with a `community` FK gets visible_to(user); here, on memberships. The rule is
    worked out once (communities.sight) and the query carries its answer, never the rule's
    parent chain: on PostgreSQL as one array parameter, which plans in microseconds."""
    scoped = CommunityScopedQuerySet(model=Membership)
    outsider = town.people.outsider
    seen = set(scoped.visible_to(outsider).values_list("community__name", flat=True))
    assert "Public" in seen and "Private" not in seen
    sql, params = scoped.visible_to(outsider).query.sql_with_params()
    assert "parent_id" not in sql
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
        arrays = [p for p in params if isinstance(p, str) and p.startswith("{")]
        assert arrays, "the ids travel as one array parameter"
    assert not scoped.visible_to(AnonymousUser()).exists()


# --- the plain-language sentence says exactly what the rule enforces -------------------------
@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("pending", "rejected")])
def test_visibility_sentence_names_exactly_who_the_rule_lets_in(town, kind):
    community = Community.objects.with_ancestors().get(pk=town.communities[kind].pk)
    sentence = community.visibility_sentence
    viewers = {
        role
        for role in ROLES
        if role not in ("anonymous", "suspended") and community.can_view(getattr(town.people, role))
    }
    audience = community.audience_community
    if audience is None:
        assert sentence == "Visible to everyone signed in to Communities of Practice."
        assert viewers == {"outsider", "requester", "member", "facilitator", "admin"}
    else:
        assert sentence == (
            f"Visible to the {audience.member_count} members of {audience.name} "
            "and to site administrators."
        )
        members = set(
            Membership.objects.filter(community=audience, user__is_active=True).values_list(
                "user__name", flat=True
            )
        )
        named = {role for role in viewers if getattr(town.people, role).name in members}
        assert viewers == named | {"admin"}


def test_sentence_counts_the_audience_members():
    community = Community(name="Adoption Policy CoP", visibility="private", member_count=48)
    community.status = Community.Status.APPROVED
    assert community.visibility_sentence == (
        "Visible to the 48 members of Adoption Policy CoP and to site administrators."
    )
