"""Every communities page a facilitator, a member and a site admin use passes axe, and the
facilitator's tools work with keyboard-reachable, labelled controls."""

import pytest
from playwright.sync_api import expect

from communities.models import Community
from tests.accounts.factories import AdminFactory, UserFactory
from tests.browser.axe import assert_accessible
from tests.communities.factories import (
    CommunityFactory,
    InvitationFactory,
    MembershipRequestFactory,
    member_of,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_facilitator_and_admin_pages_are_accessible(new_context, sign_in):
    community = CommunityFactory(
        name="Adoption Policy CoP",
        private=True,
        welcome_message="Introduce yourself!",
        ground_rules="Be kind.",
    )
    fran = member_of(community, UserFactory(name="Fran Facilitator"), facilitator=True)
    for name in ("Priya Shah", "Tom Evans"):
        member_of(community, UserFactory(name=name))
    MembershipRequestFactory(community=community, user=UserFactory(name="Riley Requester"))
    InvitationFactory(community=community, invited_by=fran, user=UserFactory(name="Mei Chen"))
    CommunityFactory(name="Adoption Panel Task Group", private=True, parent=community)
    CommunityFactory(name="Daventry Benchmarking Group", archived=True)
    CommunityFactory(name="Climate Adaptation", pending=True, proposed_by=fran)
    slug = community.slug

    page = new_context().new_page()
    sign_in(page, fran)
    for path, label in [
        ("/", "My home (facilitator)"),
        ("/communities/", "directory"),
        ("/communities/mine/", "my proposals"),
        (f"/c/{slug}/", "community home"),
        (f"/c/{slug}/ground-rules/", "ground rules"),
        (f"/c/{slug}/members/", "members (facilitator)"),
        (f"/c/{slug}/manage/", "settings"),
        (f"/c/{slug}/manage/requests/", "requests"),
        (f"/c/{slug}/manage/invite/", "invitations"),
        (f"/c/{slug}/stage/", "stage"),
        (f"/c/{slug}/sub/new/", "new sub-community"),
        ("/c/daventry-benchmarking-group/", "archived community"),
        ("/c/daventry-benchmarking-group/join/", "cannot join an archive (403)"),
    ]:
        page.goto(path)
        assert_accessible(page, label)

    # The remove control opens without JavaScript trickery and its message field is labelled.
    page.goto(f"/c/{slug}/members/")
    page.get_by_text("Remove Tom Evans").first.click()
    page.get_by_label("Message to Tom Evans (optional)").fill("Thanks for everything.")
    page.get_by_role("button", name="Remove Tom Evans").click()
    expect(page.locator(".messages")).to_contain_text("Tom Evans is no longer a member")
    assert_accessible(page, "members after removal")

    admin = new_context().new_page()
    sign_in(admin, AdminFactory())
    proposal = Community.objects.get(name="Climate Adaptation")
    admin.goto(f"/communities/review/{proposal.pk}/")
    admin.get_by_role("button", name="Do not approve").click()  # no reason given
    expect(admin.get_by_role("alert")).to_contain_text("Give a reason")
    assert_accessible(admin, "review with error")
    admin.goto("/communities/review/?status=rejected")
    assert_accessible(admin, "review queue (not approved)")

    outsider = new_context().new_page()
    sign_in(outsider, UserFactory(name="Olu Outsider"))
    outsider.goto(f"/c/{slug}/")
    assert_accessible(outsider, "private community gate (403)")
    outsider.goto("/communities/?visibility=private&sort=name")
    assert_accessible(outsider, "directory filtered")
    invitee = InvitationFactory(community=community, invited_by=fran)
    invitee_page = new_context().new_page()
    sign_in(invitee_page, invitee.user)
    invitee_page.goto(f"/communities/invitations/{invitee.token}/")
    assert_accessible(invitee_page, "invitation")
    invitee_page.get_by_role("button", name="Accept and join").click()
    expect(invitee_page.get_by_role("heading", level=1)).to_have_text("Adoption Policy CoP")
    expect(invitee_page.get_by_text("Introduce yourself!")).to_be_visible()


def test_joining_and_asking_to_join_work_without_javascript(new_context, sign_in):
    CommunityFactory(name="Knowledge Management", ground_rules="No selling.")
    private = CommunityFactory(name="Cornwall Language Group", private=True)
    member_of(private, facilitator=True)
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, UserFactory())
    page.goto("/communities/?sort=name")
    # The directory's own card (the community is also recommended above the list).
    page.locator("ul.cards").get_by_role("link", name="Knowledge Management", exact=True).click()
    page.get_by_role("button", name="Join Knowledge Management").click()
    expect(page.get_by_text("No selling.")).to_be_visible()
    page.get_by_role("button", name="Agree and join Knowledge Management").click()
    expect(page.locator(".messages")).to_contain_text("You are now a member")
    page.goto("/c/cornwall-language-group/request/")
    page.get_by_label("Why do you want to join?").fill("I translate council signage into Cornish.")
    page.get_by_role("button", name="Send my request").click()
    expect(
        page.get_by_role("heading", name="Your request is waiting for a facilitator")
    ).to_be_visible()
