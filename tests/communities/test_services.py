"""The write side: proposals, approval, joining, requests, invitations, stages, sub-communities."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities import services
from communities.models import (
    Community,
    Invitation,
    Membership,
    MembershipRequest,
    StageChange,
)
from communities.rules import CommunityAccess
from core.errors import Invalid
from tests.accounts.factories import AdminFactory, UserFactory
from tests.communities.factories import (
    CommunityFactory,
    InvitationFactory,
    MembershipRequestFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def propose(proposer, name="Adoption Policy CoP", visibility="private"):
    return services.community_propose(
        proposer=proposer,
        name=name,
        short_description="Improving adoption practice.",
        domain="Adoption policy.",
        purpose="Share panel practice.",
        intended_members="Adoption leads.",
        visibility=visibility,
    )


def role_in(community, user):
    membership = Membership.objects.filter(community=community, user=user).first()
    return membership.role if membership else None


# --- proposals -------------------------------------------------------------------------------
class TestProposals:
    def test_a_proposal_waits_for_a_site_admin_and_is_hidden_meanwhile(self):
        proposer, someone = UserFactory(), UserFactory()
        community = propose(proposer)
        assert community.status == Community.Status.PENDING
        assert not community.can_view(someone)
        assert not community.can_view(proposer)  # not a member until approved
        assert community not in Community.objects.listed_to(proposer)

    def test_approval_opens_it_and_makes_the_proposer_its_first_facilitator(self):
        proposer, admin = UserFactory(), AdminFactory()
        community = services.community_approve(community=propose(proposer), admin=admin)
        assert community.is_live
        assert community.reviewed_by == admin and community.reviewed_at
        assert role_in(community, proposer) == Membership.Role.FACILITATOR
        assert community.member_count == 1
        assert community.stage_changes.get().note == "Approved and opened."

    def test_only_site_admins_review_and_only_once(self):
        proposer, admin = UserFactory(), AdminFactory()
        community = propose(proposer)
        with pytest.raises(Invalid):
            services.community_approve(community=community, admin=proposer)
        services.community_approve(community=community, admin=admin)
        with pytest.raises(Invalid, match="already been reviewed"):
            services.community_reject(community=community, admin=admin, reason="Changed my mind")

    def test_rejection_needs_a_reason_which_the_proposer_can_read(self):
        proposer, admin = UserFactory(), AdminFactory()
        community = propose(proposer)
        with pytest.raises(Invalid, match="reason"):
            services.community_reject(community=community, admin=admin, reason="  ")
        services.community_reject(
            community=community, admin=admin, reason="Please join Adoption Leads instead."
        )
        community.refresh_from_db()
        assert community.status == Community.Status.REJECTED
        assert community.rejection_reason == "Please join Adoption Leads instead."
        assert not Membership.objects.filter(community=community).exists()

    def test_names_are_unique_ignoring_case_but_a_rejected_name_is_free_again(self):
        proposer, admin = UserFactory(), AdminFactory()
        first = propose(proposer, name="Knowledge Management")
        with pytest.raises(Invalid, match="already exists"):
            propose(proposer, name="knowledge management")
        services.community_reject(community=first, admin=admin, reason="Too broad")
        second = propose(proposer, name="Knowledge Management")
        assert second.slug != first.slug

    def test_the_database_also_refuses_two_live_communities_with_one_name(self):
        CommunityFactory(name="Social Media", slug="social-media")
        with pytest.raises(IntegrityError), transaction.atomic():
            CommunityFactory(name="SOCIAL MEDIA", slug="social-media-2")


# --- joining and leaving ---------------------------------------------------------------------
class TestJoiningAndLeaving:
    def test_anyone_signed_in_joins_a_public_community_with_one_click(self):
        community, newcomer = CommunityFactory(), UserFactory()
        services.membership_join(user=newcomer, community=community)
        community.refresh_from_db()
        assert role_in(community, newcomer) == Membership.Role.MEMBER
        assert community.member_count == 1
        assert CommunityAccess(newcomer, community).can_post

    def test_a_private_community_cannot_be_joined_without_asking(self):
        community = CommunityFactory(private=True)
        with pytest.raises(Invalid, match="private"):
            services.membership_join(user=UserFactory(), community=community)

    def test_an_archived_community_takes_nobody_new(self):
        community = CommunityFactory(archived=True)
        with pytest.raises(Invalid, match="read-only archive"):
            services.membership_join(user=UserFactory(), community=community)

    def test_joining_twice_is_refused_politely(self):
        community, member = CommunityFactory(), UserFactory()
        services.membership_join(user=member, community=community)
        with pytest.raises(Invalid, match="already a member"):
            services.membership_join(user=member, community=community)

    def test_leaving_updates_the_count(self):
        community = CommunityFactory()
        member_of(community, facilitator=True)
        leaver = member_of(community)
        services.membership_leave(user=leaver, community=community)
        community.refresh_from_db()
        assert community.member_count == 1
        assert role_in(community, leaver) is None

    def test_the_last_facilitator_cannot_walk_away(self):
        community = CommunityFactory()
        only = member_of(community, facilitator=True)
        with pytest.raises(Invalid, match="only facilitator"):
            services.membership_leave(user=only, community=community)

    def test_leaving_a_private_community_also_leaves_its_sub_communities(self):
        parent = CommunityFactory(private=True)
        sub = CommunityFactory(private=True, parent=parent)
        subsub = CommunityFactory(private=True, parent=sub)
        member_of(parent, facilitator=True)
        leaver = member_of(parent)
        for community in (sub, subsub):
            member_of(community, leaver)
        services.membership_leave(user=leaver, community=parent)
        assert not Membership.objects.filter(user=leaver).exists()
        sub.refresh_from_db()
        assert sub.member_count == 0

    def test_leaving_the_parent_cannot_orphan_a_task_group_you_alone_facilitate(self):
        parent = CommunityFactory(name="Adoption Policy CoP", private=True)
        member_of(parent, facilitator=True)
        lead = member_of(parent)
        sub = CommunityFactory(name="Panel Task Group", private=True, parent=parent)
        member_of(sub, lead, facilitator=True)
        with pytest.raises(Invalid, match="only facilitator of Panel Task Group"):
            services.membership_leave(user=lead, community=parent)
        with pytest.raises(Invalid, match="is the only facilitator of Panel Task Group"):
            services.member_remove(community=parent, user=lead, by=AdminFactory())
        assert Membership.objects.filter(user=lead).count() == 2

    def test_joining_a_sub_community_of_a_private_parent_needs_the_parent(self):
        parent = CommunityFactory(private=True)
        sub = CommunityFactory(parent=parent)  # public, but inside a private parent
        stranger, parent_member = UserFactory(), member_of(parent)
        with pytest.raises(Invalid):
            services.membership_join(user=stranger, community=sub)
        services.membership_join(user=parent_member, community=sub)
        assert role_in(sub, parent_member) == Membership.Role.MEMBER


# --- requests to join private communities ----------------------------------------------------
class TestRequests:
    def test_a_request_needs_a_reason(self):
        community = CommunityFactory(private=True)
        with pytest.raises(Invalid, match="why"):
            services.membership_request_create(user=UserFactory(), community=community, reason=" ")

    def test_only_one_request_waits_at_a_time(self):
        community, asker = CommunityFactory(private=True), UserFactory()
        services.membership_request_create(user=asker, community=community, reason="Please")
        with pytest.raises(Invalid, match="already asked"):
            services.membership_request_create(user=asker, community=community, reason="Again")
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipRequest.objects.create(user=asker, community=community, reason="Sneaky")

    def test_approval_makes_a_member_and_keeps_the_decision(self):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        request = MembershipRequestFactory(community=community, reason="I run panels.")
        services.membership_request_decide(
            membership_request=request, by=facilitator, approve=True, message="Welcome!"
        )
        request.refresh_from_db()
        assert request.state == MembershipRequest.State.APPROVED
        assert (request.decided_by, request.decision_message) == (facilitator, "Welcome!")
        assert role_in(community, request.user) == Membership.Role.MEMBER
        assert community.can_view(request.user)

    def test_a_declined_requester_may_ask_again_and_the_history_is_kept(self):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        asker = UserFactory()
        first = services.membership_request_create(user=asker, community=community, reason="One")
        services.membership_request_decide(
            membership_request=first, by=facilitator, approve=False, message="Not yet"
        )
        assert not community.can_view(asker)
        second = services.membership_request_create(user=asker, community=community, reason="Two")
        states = list(community.requests.order_by("created").values_list("reason", "state"))
        assert states == [("One", "declined"), ("Two", "pending")]
        assert second.is_pending

    def test_only_facilitators_and_site_admins_decide(self):
        community = CommunityFactory(private=True)
        request = MembershipRequestFactory(community=community)
        with pytest.raises(Invalid):
            services.membership_request_decide(
                membership_request=request, by=member_of(community), approve=True
            )
        services.membership_request_decide(
            membership_request=request, by=AdminFactory(), approve=True
        )
        assert role_in(community, request.user) == Membership.Role.MEMBER

    def test_a_decided_request_cannot_be_decided_again(self):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        request = MembershipRequestFactory(community=community)
        services.membership_request_decide(
            membership_request=request, by=facilitator, approve=False
        )
        with pytest.raises(Invalid, match="already been declined"):
            services.membership_request_decide(
                membership_request=request, by=facilitator, approve=True
            )

    def test_a_requester_can_withdraw(self):
        request = MembershipRequestFactory()
        services.membership_request_withdraw(membership_request=request, user=request.user)
        request.refresh_from_db()
        assert request.state == MembershipRequest.State.WITHDRAWN

    def test_asking_to_join_a_sub_community_of_a_private_parent_needs_the_parent(self):
        parent = CommunityFactory(private=True)
        sub = CommunityFactory(private=True, parent=parent)
        with pytest.raises(Invalid, match="Only members of"):
            services.membership_request_create(user=UserFactory(), community=sub, reason="Hi")
        assert services.membership_request_create(
            user=member_of(parent), community=sub, reason="Hi"
        ).is_pending


# --- facilitators managing members -----------------------------------------------------------
class TestManagingMembers:
    def test_a_facilitator_promotes_a_member_to_co_facilitator_and_back(self):
        community = CommunityFactory()
        facilitator, member = member_of(community, facilitator=True), member_of(community)
        services.member_promote(community=community, user=member, by=facilitator)
        assert role_in(community, member) == Membership.Role.FACILITATOR
        assert CommunityAccess(member, community).can_moderate
        services.member_set_role(community=community, user=facilitator, by=member, role="member")
        assert role_in(community, facilitator) == Membership.Role.MEMBER

    def test_the_last_facilitator_cannot_be_demoted_or_removed(self):
        community = CommunityFactory()
        facilitator = member_of(community, facilitator=True)
        with pytest.raises(Invalid, match="only facilitator"):
            services.member_set_role(
                community=community, user=facilitator, by=facilitator, role="member"
            )
        with pytest.raises(Invalid, match="only facilitator"):
            services.member_remove(community=community, user=facilitator, by=AdminFactory())

    def test_a_facilitator_removes_a_member(self):
        community = CommunityFactory(private=True)
        facilitator, member = member_of(community, facilitator=True), member_of(community)
        services.member_remove(community=community, user=member, by=facilitator, message="Bye")
        assert not community.can_view(member)

    def test_members_cannot_remove_each_other(self):
        community = CommunityFactory()
        member_of(community, facilitator=True)
        alice, bob = member_of(community), member_of(community)
        with pytest.raises(Invalid):
            services.member_remove(community=community, user=bob, by=alice)


# --- invitations -----------------------------------------------------------------------------
class TestInvitations:
    def test_inviting_a_member_by_username_lets_them_into_a_private_community(self):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        invitee = UserFactory(username="priya")
        invitation = services.invitation_create(
            community=community, by=facilitator, target="Priya", message="Join us"
        )
        assert invitation.user == invitee
        assert services.invitation_for(UserFactory(), invitation.token) is None  # not theirs
        services.invitation_accept(invitation=invitation, user=invitee)
        assert community.can_view(invitee)
        assert Invitation.objects.get().state == Invitation.State.ACCEPTED

    def test_an_invitation_settles_a_waiting_request(self):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        request = MembershipRequestFactory(community=community)
        invitation = services.invitation_create(
            community=community, by=facilitator, target=request.user.email
        )
        services.invitation_accept(invitation=invitation, user=request.user)
        request.refresh_from_db()
        assert request.state == MembershipRequest.State.APPROVED

    def test_an_address_without_an_account_is_honoured_after_signing_up(self):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        invitation = services.invitation_create(
            community=community, by=facilitator, target="New.Person@Example.org"
        )
        assert invitation.user is None and invitation.email == "new.person@example.org"
        newcomer = UserFactory(email="new.person@example.org")  # signs up later
        assert services.invitation_for(newcomer, invitation.token) == invitation
        services.invitation_accept(invitation=invitation, user=newcomer)
        assert community.can_view(newcomer)

    def test_unknown_usernames_and_duplicate_invitations_are_refused(self):
        community = CommunityFactory()
        facilitator = member_of(community, facilitator=True)
        with pytest.raises(Invalid, match="Nobody has the username"):
            services.invitation_create(community=community, by=facilitator, target="nobody")
        services.invitation_create(community=community, by=facilitator, target="a@example.org")
        with pytest.raises(Invalid, match="already been invited"):
            services.invitation_create(community=community, by=facilitator, target="A@example.org")
        with pytest.raises(Invalid, match="already a member"):
            services.invitation_create(
                community=community, by=facilitator, target=facilitator.email
            )

    def test_sub_community_of_a_private_parent_invites_only_the_parents_members(self):
        parent = CommunityFactory(private=True)
        sub = CommunityFactory(private=True, parent=parent)
        facilitator = member_of(parent, facilitator=True)
        member_of(sub, facilitator, facilitator=True)
        with pytest.raises(Invalid, match="must be a member of"):
            services.invitation_create(community=sub, by=facilitator, target=UserFactory().email)
        with pytest.raises(Invalid, match="invite them to"):
            services.invitation_create(community=sub, by=facilitator, target="x@example.org")
        parent_member = member_of(parent)
        assert services.invitation_create(community=sub, by=facilitator, target=parent_member.email)

    def test_expired_and_withdrawn_invitations_no_longer_work(self):
        expired = InvitationFactory(expires_at=timezone.now() - timedelta(days=1))
        assert services.invitation_for(expired.user, expired.token) is None
        community = CommunityFactory()
        facilitator = member_of(community, facilitator=True)
        live = InvitationFactory(community=community)
        services.invitation_revoke(invitation=live, by=facilitator)
        assert services.invitation_for(live.user, live.token) is None
        with pytest.raises(Invalid):
            services.invitation_accept(invitation=live, user=live.user)


# --- lifecycle -------------------------------------------------------------------------------
class TestLifecycle:
    def test_stage_changes_are_recorded_with_who_when_and_why(self):
        community = CommunityFactory(stage="startup")
        facilitator = member_of(community, facilitator=True)
        services.stage_change(
            community=community, by=facilitator, to_stage="nurture", note="First 20 members"
        )
        services.stage_change(community=community, by=facilitator, to_stage="startup", note="Oops")
        history = list(
            StageChange.objects.filter(community=community).values_list(
                "from_stage", "to_stage", "changed_by", "note"
            )
        )
        assert history == [
            ("nurture", "startup", facilitator.pk, "Oops"),
            ("startup", "nurture", facilitator.pk, "First 20 members"),
        ]

    def test_members_cannot_change_the_stage(self):
        community = CommunityFactory()
        with pytest.raises(Invalid):
            services.stage_change(community=community, by=member_of(community), to_stage="sustain")

    def test_closedown_makes_the_community_a_read_only_archive_until_reopened(self):
        community = CommunityFactory(private=True, stage="sustain")
        facilitator, member = member_of(community, facilitator=True), member_of(community)
        services.stage_change(
            community=community, by=facilitator, to_stage="closedown", note="Done"
        )
        community.refresh_from_db()
        assert community.is_archived
        assert community.can_view(member)  # still readable
        assert not CommunityAccess(member, community).can_post  # no new posts
        assert community in Community.objects.listed_to(UserFactory())  # still listed
        assert not CommunityAccess(UserFactory(), community).can_request  # joining closed
        services.stage_change(community=community, by=facilitator, to_stage="sustain", note="Back")
        community.refresh_from_db()
        assert CommunityAccess(member, community).can_post


# --- sub-communities -------------------------------------------------------------------------
def create_sub(parent, by, **overrides):
    fields = {
        "name": "Adoption Panel Task Group",
        "short_description": "Rewriting the panel guidance.",
        "domain": "Panel guidance.",
        "visibility": "private",
        "features": ["forum", "wiki"],
    }
    return services.subcommunity_create(parent=parent, by=by, **{**fields, **overrides})


class TestSubCommunities:
    def test_a_facilitator_creates_a_task_group_that_inherits_chosen_features(self):
        parent = CommunityFactory(private=True, features=["forum", "wiki", "documents"])
        facilitator = member_of(parent, facilitator=True)
        sub = create_sub(parent, facilitator)
        assert sub.parent == parent and sub.depth == 1 and sub.is_live
        assert sub.enabled_features == ["forum", "wiki"]
        assert role_in(sub, facilitator) == Membership.Role.FACILITATOR
        assert list(Community.objects.listed_to(facilitator).filter(parent=parent)) == [sub]

    def test_a_sub_community_cannot_take_features_its_parent_lacks(self):
        parent = CommunityFactory(features=["forum"])
        with pytest.raises(Invalid, match="features its parent has"):
            create_sub(parent, member_of(parent, facilitator=True), features=["forum", "wiki"])

    def test_turning_a_feature_off_in_the_parent_turns_it_off_below(self):
        parent = CommunityFactory(features=["forum", "wiki"])
        sub = create_sub(parent, member_of(parent, facilitator=True))
        parent.features = ["forum"]
        parent.save()
        sub = Community.objects.with_ancestors().get(pk=sub.pk)
        assert sub.enabled_features == ["forum"]

    def test_privacy_can_be_stricter_than_the_parent_but_never_looser(self):
        private_parent = CommunityFactory(private=True)
        facilitator = member_of(private_parent, facilitator=True)
        with pytest.raises(Invalid, match="must be private too"):
            create_sub(private_parent, facilitator, visibility="public")
        public_parent = CommunityFactory()
        stricter = create_sub(public_parent, member_of(public_parent, facilitator=True))
        assert stricter.is_private
        with pytest.raises(Invalid, match="must be private too"):
            services.community_update(
                community=create_sub(private_parent, facilitator, name="Another"),
                by=facilitator,
                visibility="public",
            )

    def test_two_levels_of_nesting_and_a_depth_limit(self):
        top = CommunityFactory(private=True)
        facilitator = member_of(top, facilitator=True)
        level1 = create_sub(top, facilitator, name="Level one")
        level2 = create_sub(level1, facilitator, name="Level two")
        level3 = create_sub(level2, facilitator, name="Level three")
        assert (level1.depth, level2.depth, level3.depth) == (1, 2, 3)
        assert level2.can_view(facilitator)
        with pytest.raises(Invalid, match="at most 3 levels"):
            create_sub(level3, facilitator, name="Level four")

    def test_members_cannot_create_sub_communities(self):
        parent = CommunityFactory()
        with pytest.raises(Invalid):
            create_sub(parent, member_of(parent))


def test_activity_moves_a_community_up_the_directory():
    community = CommunityFactory(last_activity_at=timezone.now() - timedelta(days=9))
    services.community_touch(community=community)
    community.refresh_from_db()
    assert community.last_activity_at > timezone.now() - timedelta(minutes=1)
