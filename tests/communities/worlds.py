"""Permission-matrix worlds for communities: one community per scenario, one person per role.

- public:      a public community; `requester` has no standing there (public needs no request).
- private:     a private community; `requester` has a pending request; `outsider` holds an open
               invitation (world.extra["invitation"]) so the invitation pages have an invitee.
- sub_private: a private sub-community of a private community. Its member and facilitator
               belong to both; its requester belongs to the parent and asks to join the sub.
- archived:    a public community in closedown.
- pending:     a proposal awaiting review, proposed by `member`.

Private content carries canary tokens: if any response or email shows one to someone who is
not a member (by the raw Membership table) or a site admin, the test fails.
"""

from communities.models import Membership
from tests.communities.factories import (
    CommunityFactory,
    InvitationFactory,
    MembershipFactory,
    MembershipRequestFactory,
)
from tests.permissions.world import register_scenario


def _raw_member_check(community):
    def visible_to(user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_staff or user.is_superuser:
            return True
        return Membership.objects.filter(user=user, community=community).exists()

    return visible_to


def _plant_private_content(world, community):
    """Members-only text: domain statement, welcome message, ground rules."""
    check = _raw_member_check(community)
    label = community.name
    community.domain = "Domain " + world.plant_canary(
        visible_to=check, description=f"{label} domain"
    )
    community.welcome_message = "Welcome " + world.plant_canary(
        visible_to=check, description=f"{label} welcome message"
    )
    community.ground_rules = "Rules " + world.plant_canary(
        visible_to=check, description=f"{label} ground rules"
    )
    community.save()


def _staff(world, community):
    MembershipFactory(user=world.users["facilitator"], community=community, facilitator=True)
    MembershipFactory(user=world.users["member"], community=community)


@register_scenario("public")
def public_world(world):
    world.community = CommunityFactory(name="Social Media and Online Collaboration")
    _staff(world, world.community)


@register_scenario("private")
def private_world(world):
    world.community = CommunityFactory(name="Adoption Policy CoP", private=True)
    _staff(world, world.community)
    _plant_private_content(world, world.community)
    world.extra["request"] = MembershipRequestFactory(
        user=world.users["requester"], community=world.community
    )
    world.extra["invitation"] = InvitationFactory(
        community=world.community,
        user=world.users["outsider"],
        invited_by=world.users["facilitator"],
    )


@register_scenario("sub_private")
def sub_private_world(world):
    parent = CommunityFactory(name="Adoption Policy CoP", private=True)
    sub = CommunityFactory(name="Adoption Panel Task Group", private=True, parent=parent)
    world.parent, world.community = parent, sub
    _staff(world, parent)
    _staff(world, sub)
    MembershipFactory(user=world.users["requester"], community=parent)
    _plant_private_content(world, parent)
    _plant_private_content(world, sub)
    world.extra["request"] = MembershipRequestFactory(user=world.users["requester"], community=sub)
    world.extra["invitation"] = InvitationFactory(
        community=sub, user=world.users["requester"], invited_by=world.users["facilitator"]
    )


@register_scenario("archived")
def archived_world(world):
    world.community = CommunityFactory(name="Daventry Benchmarking Group", archived=True)
    _staff(world, world.community)


@register_scenario("pending")
def pending_world(world):
    world.community = CommunityFactory(
        name="Climate Adaptation Officers",
        pending=True,
        proposed_by=world.users["member"],
        purpose="Share adaptation plans.",
        intended_members="Climate officers.",
    )
