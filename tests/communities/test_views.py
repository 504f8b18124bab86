"""Pages, as members use them: what they see, what they can do, and what happens on bad input."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from communities.models import Community, Invitation, Membership, MembershipRequest
from core import features as feature_registry
from tests.accounts.factories import AdminFactory, UserFactory
from tests.communities.factories import (
    CommunityFactory,
    InvitationFactory,
    MembershipRequestFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def text(response):
    """The page's visible text, tags stripped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def signed_in(client, user):
    client.force_login(user)
    return client


# --- the directory ---------------------------------------------------------------------------
class TestDirectory:
    url = reverse("communities:directory")

    def test_lists_public_and_private_communities_with_member_count_and_stage(self, client):
        public = CommunityFactory(name="Knowledge Management", stage="startup")
        private = CommunityFactory(
            name="Adoption Policy CoP", private=True, domain="Secret domain statement"
        )
        for _ in range(3):
            member_of(private)
        page = text(signed_in(client, UserFactory()).get(self.url))
        assert "Knowledge Management" in page and "Stage: Start-up" in page
        assert "Adoption Policy CoP" in page and "3 members" in page
        assert private.short_description in page
        assert "Secret domain statement" not in page
        assert "Private: ask to join" in page and "Public: join" in page
        assert public.short_description in page

    def test_hides_pending_proposals_and_sub_communities_of_private_parents(self, client):
        parent = CommunityFactory(name="Adoption Policy CoP", private=True)
        CommunityFactory(name="Adoption Panel Task Group", private=True, parent=parent)
        CommunityFactory(name="Climate Adaptation", pending=True)
        outsider_page = text(signed_in(client, UserFactory()).get(self.url))
        assert "Adoption Panel Task Group" not in outsider_page
        assert "Climate Adaptation" not in outsider_page
        member_page = text(signed_in(client, member_of(parent)).get(self.url))
        assert "Adoption Panel Task Group" in member_page
        assert "Sub-community of Adoption Policy CoP" in member_page

    def test_filters_by_stage_and_visibility_and_searches_name_and_domain(self, client):
        CommunityFactory(name="Knowledge Management", stage="startup")
        CommunityFactory(name="Cornwall Language Group", private=True, stage="sustain")
        CommunityFactory(name="Social Media", stage="sustain", domain="Blogs and wikis at work")
        client = signed_in(client, UserFactory())

        def names(**query):
            response = client.get(self.url, query)
            return [card["community"].name for card in response.context["cards"]]

        assert sorted(names(stage="sustain")) == ["Cornwall Language Group", "Social Media"]
        assert names(visibility="private") == ["Cornwall Language Group"]
        assert names(q="wikis") == ["Social Media"]  # found by its domain
        assert names(q="cornwall", stage="startup") == []
        assert "No communities match" in text(client.get(self.url, {"q": "zzz"}))

    def test_sorts_by_activity_or_name_and_labels_archives(self, client):
        now = timezone.now()
        CommunityFactory(name="Alpha", last_activity_at=now - timedelta(days=5))
        CommunityFactory(name="Beta", last_activity_at=now)
        CommunityFactory(name="Daventry", archived=True, last_activity_at=now - timedelta(days=90))
        client = signed_in(client, UserFactory())
        by_activity = [c["community"].name for c in client.get(self.url).context["cards"]]
        assert by_activity == ["Beta", "Alpha", "Daventry"]
        by_name = [
            c["community"].name for c in client.get(self.url, {"sort": "name"}).context["cards"]
        ]
        assert by_name == ["Alpha", "Beta", "Daventry"]
        assert "Archived" in text(client.get(self.url, {"q": "Daventry"}))
        assert "Closed: not taking new members." in text(client.get(self.url, {"q": "Daventry"}))

    def test_is_paginated_and_keeps_filters_across_pages(self, client):
        for n in range(45):
            CommunityFactory(name=f"Group {n:02d}", stage="nurture")
        response = signed_in(client, UserFactory()).get(self.url, {"stage": "nurture", "page": 2})
        assert len(response.context["cards"]) == 20
        assert response.context["page_obj"].paginator.num_pages == 3
        assert 'href="?stage=nurture&amp;page=3"' in response.content.decode()

    def test_only_my_communities(self, client):
        mine = CommunityFactory(name="Mine")
        CommunityFactory(name="Not mine")
        me = member_of(mine)
        response = signed_in(client, me).get(self.url, {"show": "mine"})
        assert [c["community"].name for c in response.context["cards"]] == ["Mine"]
        assert "You are a member." in text(response)


# --- proposing and reviewing -----------------------------------------------------------------
PROPOSAL = {
    "name": "Climate Adaptation Officers",
    "short_description": "Planning for flooding and heat.",
    "domain": "Local climate adaptation plans.",
    "purpose": "Share plans and lessons from recent floods.",
    "intended_members": "Climate officers in about 40 councils.",
    "visibility": "public",
}


class TestProposing:
    url = reverse("communities:propose")

    def test_a_member_proposes_and_sees_it_awaiting_approval(self, client):
        proposer = UserFactory()
        response = signed_in(client, proposer).post(self.url, PROPOSAL, follow=True)
        assert response.redirect_chain[-1][0] == reverse("communities:mine")
        page = text(response)
        assert "has been sent to the site administrators" in page
        assert "Climate Adaptation Officers" in page and "Awaiting approval" in page
        assert Community.objects.get(name=PROPOSAL["name"]).proposed_by == proposer

    def test_bad_input_is_explained_and_nothing_typed_is_lost(self, client):
        CommunityFactory(name="Climate Adaptation Officers")
        data = {**PROPOSAL, "purpose": "", "visibility": "sideways"}
        response = signed_in(client, UserFactory()).post(self.url, data)
        assert response.status_code == 200
        page = text(response)
        assert "There is a problem" in page
        assert "A community with this name already exists; choose another." in page
        assert "Purpose: what will the community do or deliver?: This field is required." in page
        assert "Select a valid choice" in page
        html = response.content.decode()
        assert "Planning for flooding and heat." in html
        assert "Local climate adaptation plans." in html
        assert 'value="Climate Adaptation Officers"' in html
        assert Community.objects.count() == 1


class TestReview:
    def test_admins_see_the_queue_with_counts(self, client):
        CommunityFactory(name="Waiting one", pending=True)
        CommunityFactory(name="Waiting two", pending=True)
        CommunityFactory(name="Turned down", status=Community.Status.REJECTED)
        response = signed_in(client, AdminFactory()).get(reverse("communities:review"))
        page = text(response)
        assert "Awaiting approval (2)" in page and "Not approved (1)" in page
        assert "Waiting one" in page and "Turned down" not in page

    def test_approving_from_the_site_ui(self, client):
        proposer = UserFactory(name="Priya Shah")
        proposal = CommunityFactory(pending=True, proposed_by=proposer)
        client = signed_in(client, AdminFactory())
        detail = text(client.get(reverse("communities:review_detail", args=[proposal.pk])))
        assert "makes Priya Shah its first facilitator" in detail
        response = client.post(
            reverse("communities:review_approve", args=[proposal.pk]), follow=True
        )
        assert "is approved and open" in text(response)
        proposal.refresh_from_db()
        assert proposal.is_live

    def test_rejecting_needs_a_reason_and_the_proposer_reads_it(self, client):
        proposer = UserFactory()
        proposal = CommunityFactory(name="Duplicate CoP", pending=True, proposed_by=proposer)
        admin_client = signed_in(client, AdminFactory())
        url = reverse("communities:review_reject", args=[proposal.pk])
        response = admin_client.post(url, {"reason": ""})
        assert response.status_code == 200
        assert "Give a reason, so the proposer knows what to change." in text(response)
        admin_client.post(url, {"reason": "Please join the existing Adoption CoP."})
        signed_in(client, proposer)
        for page in (reverse("communities:mine"), reverse("core:home")):
            page_text = text(client.get(page))
            assert "Duplicate CoP" in page_text and "Not approved" in page_text
            assert "Please join the existing Adoption CoP." in page_text

    def test_members_cannot_review(self, client):
        response = signed_in(client, UserFactory()).get(reverse("communities:review"))
        assert response.status_code == 403
        assert "Only site administrators can review community proposals." in text(response)


# --- the community home ----------------------------------------------------------------------
class TestCommunityHome:
    def test_shows_domain_tabs_and_who_can_see_it(self, client):
        community = CommunityFactory(
            name="Adoption Policy CoP", private=True, domain="Recruiting adopters."
        )
        member = member_of(community)
        member_of(community)
        response = signed_in(client, member).get(community.get_absolute_url())
        page = text(response)
        assert "Recruiting adopters." in page
        assert "Visible to the 2 members of Adoption Policy CoP and to site administrators." in page
        html = response.content.decode()
        assert '<nav class="community-tabs" aria-label="Community sections">' in html
        assert re.search(r'<a href="/c/adoption-policy-cop/" aria-current="page">Home</a>', html)
        assert html.count("<h1") == 1

    def test_tabs_follow_enabled_features_and_installed_apps(self, client, monkeypatch):
        # Point two features at pages that exist and one at an app that is not installed.
        monkeypatch.setattr(feature_registry.feature("forum"), "tab", "communities:rules")
        monkeypatch.setattr(feature_registry.feature("wiki"), "tab", "communities:members")
        monkeypatch.setattr(feature_registry.feature("news"), "tab", "not_installed:index")
        community = CommunityFactory(features=["forum", "news"])  # wiki not enabled
        html = signed_in(client, member_of(community)).get(community.get_absolute_url())
        nav = re.search(
            r'<nav class="community-tabs".*?</nav>', html.content.decode(), flags=re.S
        ).group(0)
        assert re.findall(r">([^<>]+)</a>", nav) == ["Home", "Forum", "Members"]

    def test_a_new_member_is_welcomed_with_the_ground_rules(self, client):
        community = CommunityFactory(
            welcome_message="Introduce yourself in the forum!", ground_rules="Be kind."
        )
        newcomer = member_of(community)
        page = text(signed_in(client, newcomer).get(community.get_absolute_url()))
        assert "Welcome to" in page and "Introduce yourself in the forum!" in page
        assert "Please read the ground rules" in page
        rules = text(client.get(reverse("communities:rules", args=[community.slug])))
        assert "Be kind." in rules
        Membership.objects.filter(user=newcomer).update(created=timezone.now() - timedelta(days=30))
        assert "Introduce yourself" not in text(client.get(community.get_absolute_url()))

    def test_facilitators_see_stage_guidance_and_waiting_requests(self, client):
        community = CommunityFactory(private=True, stage="startup")
        facilitator = member_of(community, facilitator=True)
        MembershipRequestFactory(community=community)
        page = text(signed_in(client, facilitator).get(community.get_absolute_url()))
        assert "For facilitators: the Start-up stage" in page
        assert "Seed discussions with open-ended posts" in page
        assert "1 waiting" in page
        member_page = text(
            signed_in(client, member_of(community)).get(community.get_absolute_url())
        )
        assert "For facilitators" not in member_page

    def test_an_archived_community_says_so_and_offers_no_joining(self, client):
        community = CommunityFactory(name="Daventry Benchmarking Group", archived=True)
        page = text(signed_in(client, UserFactory()).get(community.get_absolute_url()))
        assert "This community has closed down." in page
        assert "nothing new can be posted and nobody new can join" in page
        assert "Join Daventry" not in page

    def test_lists_its_sub_communities(self, client):
        parent = CommunityFactory(name="Adoption Policy CoP", private=True)
        CommunityFactory(name="Adoption Panel Task Group", private=True, parent=parent)
        page = text(signed_in(client, member_of(parent)).get(parent.get_absolute_url()))
        assert "Sub-communities Adoption Panel Task Group" in page

    def test_a_private_community_shows_outsiders_how_to_ask_not_its_content(self, client):
        community = CommunityFactory(
            name="Adoption Policy CoP", private=True, domain="Members-only domain text"
        )
        response = signed_in(client, UserFactory()).get(community.get_absolute_url())
        assert response.status_code == 403
        page = text(response)
        assert "This is a private community" in page
        assert "Ask to join Adoption Policy CoP" in page
        assert "Members-only domain text" not in page

    def test_a_declined_requester_sees_the_decision_and_may_ask_again(self, client):
        community = CommunityFactory(private=True)
        MembershipRequestFactory(
            community=community,
            user=(asker := UserFactory()),
            state="declined",
            decided_at=timezone.now(),
            decision_message="Please ask your manager first.",
        )
        page = text(signed_in(client, asker).get(community.get_absolute_url()))
        assert "Please ask your manager first." in page and "You can ask again." in page


class TestPhoto:
    @pytest.fixture(autouse=True)
    def media(self, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path

    def png(self, size=(2400, 800)):
        buffer = io.BytesIO()
        Image.new("RGB", size, "teal").save(buffer, format="PNG")
        buffer.seek(0)
        buffer.name = "banner.png"
        return buffer

    def test_an_uploaded_banner_is_resized_and_served_only_to_those_who_may_see(self, client):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        data = {
            "name": community.name,
            "short_description": community.short_description,
            "domain": community.domain,
            "visibility": "private",
            "features": ["forum"],
            "photo": self.png(),
            "base_version": community.edit_version,
        }
        response = signed_in(client, facilitator).post(
            reverse("communities:manage", args=[community.slug]), data
        )
        assert response.status_code == 302
        community.refresh_from_db()
        assert community.photo
        url = reverse("communities:photo", args=[community.slug])
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.width <= 1600
        assert signed_in(client, UserFactory()).get(url).status_code == 403


# --- joining, requests, leaving --------------------------------------------------------------
class TestJoiningPages:
    def test_joining_a_public_community_shows_the_ground_rules_first(self, client):
        community = CommunityFactory(name="Knowledge Management", ground_rules="No selling.")
        client = signed_in(client, (joiner := UserFactory()))
        url = reverse("communities:join", args=[community.slug])
        page = text(client.get(url))
        assert "No selling." in page and "Agree and join Knowledge Management" in page
        response = client.post(url, follow=True)
        assert "Welcome to Knowledge Management! You are now a member." in text(response)
        assert Membership.objects.filter(user=joiner, community=community).exists()

    def test_joining_only_by_post(self, client):
        community = CommunityFactory()
        signed_in(client, (joiner := UserFactory())).get(
            reverse("communities:join", args=[community.slug])
        )
        assert not Membership.objects.filter(user=joiner).exists()

    def test_the_request_form_needs_a_reason_and_keeps_what_was_typed(self, client):
        community = CommunityFactory(private=True)
        client = signed_in(client, (asker := UserFactory()))
        url = reverse("communities:request", args=[community.slug])
        response = client.post(url, {"reason": ""})
        assert "Tell the facilitators why you want to join." in text(response)
        long_reason = "I want to learn. " * 200
        response = client.post(url, {"reason": long_reason})
        assert "Ensure this value has at most 2000 characters" in text(response)
        assert long_reason.strip() in response.content.decode()
        assert not MembershipRequest.objects.exists()
        response = client.post(
            url, {"reason": "I lead adoption support in Wiltshire."}, follow=True
        )
        page = text(response)
        assert "Your request is waiting for a facilitator" in page
        assert "I lead adoption support in Wiltshire." in page
        assert MembershipRequest.objects.get().user == asker

    def test_facilitators_read_reasons_and_decide_with_a_message(self, client):
        community = CommunityFactory(private=True)
        facilitator = member_of(community, facilitator=True)
        request = MembershipRequestFactory(community=community, reason="I chair our panel.")
        client = signed_in(client, facilitator)
        requests_url = reverse("communities:requests", args=[community.slug])
        page = text(client.get(requests_url))
        assert "I chair our panel." in page and "Waiting for a decision (1)" in page
        decide = reverse("communities:request_decide", args=[community.slug, request.pk])
        response = client.post(
            decide, {"decision": "decline", "message": "Ask again in May."}, follow=True
        )
        page = text(response)
        assert "You declined" in page
        assert "Ask again in May." in page  # kept in the decisions so far

    def test_leaving(self, client):
        community = CommunityFactory(name="Knowledge Management")
        member_of(community, facilitator=True)
        client = signed_in(client, (leaver := member_of(community)))
        response = client.post(reverse("communities:leave", args=[community.slug]), follow=True)
        assert "You have left Knowledge Management." in text(response)
        assert not Membership.objects.filter(user=leaver).exists()


# --- members page ----------------------------------------------------------------------------
class TestMembersPage:
    def test_is_searchable_and_paginated_and_shows_names_never_usernames(self, client):
        community = CommunityFactory()
        member_of(
            community, UserFactory(name="Fran Facilitator", username="fran99"), facilitator=True
        )
        for n in range(30):
            member_of(community, UserFactory(name=f"Member {n:02d}"))
        client = signed_in(client, member_of(community, UserFactory(name="Zed Viewer")))
        url = reverse("communities:members", args=[community.slug])
        first = client.get(url)
        assert first.context["page_obj"].paginator.count == 32
        assert len(first.context["page_obj"]) == 24
        page = text(first)
        assert page.index("Fran Facilitator") < page.index("Member 00")  # facilitators first
        assert "fran99" not in page
        found = text(client.get(url, {"q": "member 1"}))
        assert "Member 10" in found and "Member 20" not in found
        assert "Zed Viewer" in text(client.get(url, {"page": 2}))

    def test_facilitators_promote_and_remove_from_it(self, client):
        community = CommunityFactory()
        facilitator = member_of(community, facilitator=True)
        priya = member_of(community, UserFactory(name="Priya Shah"))
        tom = member_of(community, UserFactory(name="Tom Evans"))
        client = signed_in(client, facilitator)
        response = client.post(
            reverse("communities:member_role", args=[community.slug, priya.pk]),
            {"role": "facilitator"},
            follow=True,
        )
        assert "Priya Shah is now a co-facilitator" in text(response)
        response = client.post(
            reverse("communities:member_remove", args=[community.slug, tom.pk]),
            {"message": "This space is for practitioners."},
            follow=True,
        )
        assert "Tom Evans is no longer a member" in text(response)
        assert set(Membership.objects.values_list("user__name", "role")) == {
            (facilitator.name, "facilitator"),
            ("Priya Shah", "facilitator"),
        }

    def test_members_see_no_management_controls(self, client):
        community = CommunityFactory()
        member_of(community, facilitator=True)
        page = text(
            signed_in(client, member_of(community)).get(
                reverse("communities:members", args=[community.slug])
            )
        )
        assert "Make co-facilitator" not in page and "Remove" not in page


# --- facilitator tools -----------------------------------------------------------------------
class TestFacilitatorTools:
    def test_settings_keep_input_and_refuse_looser_privacy_than_the_parent(self, client):
        parent = CommunityFactory(name="Adoption Policy CoP", private=True)
        sub = CommunityFactory(name="Task Group", private=True, parent=parent)
        facilitator = member_of(parent, facilitator=True)
        member_of(sub, facilitator, facilitator=True)
        data = {
            "name": "Task Group",
            "short_description": "A brand new description",
            "domain": "Drafting",
            "visibility": "public",
            "features": ["forum"],
            "welcome_message": "Hello task group",
            "ground_rules": "Keep drafts here.",
            "base_version": sub.edit_version,
        }
        response = signed_in(client, facilitator).post(
            reverse("communities:manage", args=[sub.slug]), data
        )
        page = text(response)
        assert "Adoption Policy CoP is private, so its sub-communities must be private too" in page
        assert "A brand new description" in page and "Hello task group" in page
        sub.refresh_from_db()
        assert sub.is_private and sub.welcome_message == ""

    def test_making_a_private_community_public_needs_confirmation(self, client):
        community = CommunityFactory(private=True)
        client = signed_in(client, member_of(community, facilitator=True))
        url = reverse("communities:manage", args=[community.slug])
        data = {
            "name": community.name,
            "short_description": "Now open to all",
            "domain": community.domain,
            "visibility": "public",
            "features": ["forum"],
            "base_version": community.edit_version,
        }
        page = text(client.post(url, data))
        assert "Tick this box to confirm" in page and "Now open to all" in page
        assert client.post(url, {**data, "confirm_public": "on"}).status_code == 302
        community.refresh_from_db()
        assert community.is_public and community.short_description == "Now open to all"

    def test_stage_page_shows_guidance_and_needs_a_note(self, client):
        community = CommunityFactory(stage="nurture")
        client = signed_in(client, member_of(community, facilitator=True))
        url = reverse("communities:stage", args=[community.slug])
        page = text(client.get(url))
        assert "What matters at the Nurture stage" in page and "Establish trust." in page
        page = text(client.post(url, {"stage": "closedown", "note": ""}))
        assert "Add a short note explaining the change." in page
        response = client.post(
            url, {"stage": "closedown", "note": "Report published."}, follow=True
        )
        assert "is now at the Closedown stage" in text(response)
        assert "Report published." in text(response)

    def test_creating_a_sub_community_refuses_looser_privacy_with_a_clear_message(self, client):
        parent = CommunityFactory(
            name="Adoption Policy CoP", private=True, features=["forum", "wiki"]
        )
        client = signed_in(client, member_of(parent, facilitator=True))
        url = reverse("communities:subcommunity_new", args=[parent.slug])
        form_page = client.get(url).content.decode()
        assert 'value="documents"' not in form_page  # only the parent's features are offered
        data = {
            "name": "Panel Task Group",
            "short_description": "Rewriting the guidance",
            "domain": "Guidance",
            "visibility": "public",
            "features": ["wiki"],
        }
        page = text(client.post(url, data))
        assert "must be private too" in page and "Rewriting the guidance" in page
        response = client.post(url, {**data, "visibility": "private"}, follow=True)
        assert "Panel Task Group is ready; you are its facilitator." in text(response)
        assert Community.objects.get(name="Panel Task Group").enabled_features == ["wiki"]

    def test_inviting_explains_mistakes_and_lists_invitations(self, client):
        community = CommunityFactory(private=True)
        client = signed_in(client, member_of(community, facilitator=True))
        url = reverse("communities:invite", args=[community.slug])
        page = text(client.post(url, {"target": "nobody-here", "message": "Come along"}))
        assert "Nobody has the username “nobody-here”" in page and "Come along" in page
        invitee = UserFactory(name="Mei Chen", username="mei")
        response = client.post(url, {"target": "mei"}, follow=True)
        page = text(response)
        assert "Invitation sent to Mei Chen." in page and "Waiting for a reply" in page
        assert Invitation.objects.get().user == invitee

    def test_members_get_a_helpful_403_on_facilitator_pages(self, client):
        community = CommunityFactory(name="Knowledge Management")
        response = signed_in(client, member_of(community)).get(
            reverse("communities:manage", args=[community.slug])
        )
        assert response.status_code == 403
        page = text(response)
        assert "Only the facilitators of Knowledge Management can do that." in page
        assert "Browse all communities" in page


# --- the invitee's side and My home ----------------------------------------------------------
class TestInvitationsAndMyHome:
    def test_an_invitee_accepts_from_the_link_and_lands_in_the_community(self, client):
        community = CommunityFactory(name="Cornwall Language Group", private=True)
        invitation = InvitationFactory(community=community, message="We need your Cornish!")
        client = signed_in(client, invitation.user)
        url = reverse("communities:invitation", args=[invitation.token])
        page = text(client.get(url))
        assert "We need your Cornish!" in page and "without a request" in page
        response = client.post(
            reverse("communities:invitation_accept", args=[invitation.token]), follow=True
        )
        assert response.redirect_chain[-1][0] == community.get_absolute_url()
        assert "Welcome to Cornwall Language Group!" in text(response)

    def test_my_home_shows_my_communities_requests_proposals_and_invitations(self, client):
        me = UserFactory(email="me@example.org")
        mine = CommunityFactory(name="Knowledge Management", stage="startup")
        member_of(mine, me)
        MembershipRequestFactory(
            user=me, community=CommunityFactory(name="Adoption Policy CoP", private=True)
        )
        CommunityFactory(name="Climate Adaptation", pending=True, proposed_by=me)
        InvitationFactory(
            user=None, email="me@example.org", community=CommunityFactory(name="Cornwall")
        )
        page = text(signed_in(client, me).get(reverse("core:home")))
        assert "My communities" in page
        assert "Knowledge Management Start-up · 1 member" in page
        assert "Adoption Policy CoP: your request of" in page
        assert "Climate Adaptation: Awaiting approval" in page
        assert "invited you to join Cornwall" in page


def test_a_facilitators_home_starts_with_the_requests_waiting_for_them(client):
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    facilitator = member_of(community, facilitator=True)
    MembershipRequestFactory(community=community)
    MembershipRequestFactory(community=community)
    MembershipRequestFactory(community=CommunityFactory(name="Not mine", private=True))
    page = text(signed_in(client, facilitator).get(reverse("core:home")))
    assert "2 requests to join Adoption Policy CoP waiting for your decision." in page
    assert "Not mine" not in page
    member_page = text(signed_in(client, member_of(community)).get(reverse("core:home")))
    assert "waiting for your decision" not in member_page
