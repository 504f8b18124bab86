"""The communities journey in a real browser: a member proposes a private community, a site admin
approves it, a second member asks to join with a reason, the facilitator approves, and the new
member sees the community. Every page visited is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from communities.models import Community, Membership, MembershipRequest
from tests.accounts.factories import AdminFactory, UserFactory
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_approve_request_and_join_a_private_community(new_context, sign_in):
    proposer = UserFactory(name="Fran Facilitator")
    admin = AdminFactory(name="Sam Admin")
    joiner = UserFactory(name="Riley Requester")

    # 1. Fran proposes a private community from the directory.
    fran = new_context().new_page()
    sign_in(fran, proposer)
    fran.goto("/communities/")
    assert_accessible(fran, "directory (empty)")
    fran.get_by_role("link", name="propose a new one").click()
    expect(fran.get_by_role("heading", level=1)).to_have_text("Propose a new community")
    assert_accessible(fran, "propose form")
    fran.get_by_label("Community name").fill("Adoption Policy CoP")
    fran.get_by_label("Short description").fill("Practitioners improving adoption policy.")
    fran.get_by_label("Domain: what practice is it about?").fill(
        "Recruiting adopters, matching children and supporting adoptive families."
    )
    fran.get_by_label("Purpose: what will the community do or deliver?").fill(
        "Share panel practice and draft shared guidance."
    )
    fran.get_by_label("Who is it for?").fill("Adoption team leads in councils.")
    fran.get_by_role("group", name="Who can see and join it?").get_by_role(
        "radio", name="Private"
    ).check()
    fran.get_by_role("button", name="Send proposal").click()
    expect(fran.get_by_role("heading", level=1)).to_have_text("My proposals and requests")
    expect(fran.get_by_role("row", name=re.compile("Adoption Policy CoP"))).to_contain_text(
        "Awaiting approval"
    )
    assert_accessible(fran, "my proposals")

    # 2. Sam, a site admin, sees it in the review queue (with the count) and approves it.
    sam = new_context().new_page()
    sign_in(sam, admin)
    sam.goto("/communities/review/")
    expect(sam.get_by_role("link", name=re.compile(r"Awaiting approval \(1\)"))).to_be_visible()
    assert_accessible(sam, "review queue")
    sam.get_by_role("link", name="Adoption Policy CoP").click()
    expect(sam.get_by_text("Share panel practice and draft shared guidance.")).to_be_visible()
    assert_accessible(sam, "review detail")
    sam.get_by_role("button", name="Approve Adoption Policy CoP").click()
    expect(sam.get_by_role("status")).to_contain_text("Adoption Policy CoP is approved and open")
    assert_accessible(sam, "review queue after approval")
    community = Community.objects.get(name="Adoption Policy CoP")
    assert community.is_live
    assert Membership.objects.get(community=community, user=proposer).is_facilitator

    # 3. Riley finds it in the directory, sees it is private, and asks to join with a reason.
    riley = new_context().new_page()
    sign_in(riley, joiner)
    riley.goto("/communities/")
    riley.get_by_label("Search by name or domain").fill("adopt")
    riley.get_by_role("button", name="Show communities").click()
    assert_accessible(riley, "directory search")
    riley.get_by_role("link", name="Adoption Policy CoP", exact=True).click()
    expect(riley.get_by_role("heading", name="This is a private community")).to_be_visible()
    expect(riley.get_by_text("Recruiting adopters")).to_have_count(0)  # domain is members-only
    assert_accessible(riley, "private community gate")
    riley.get_by_role("link", name="Ask to join Adoption Policy CoP").click()
    assert_accessible(riley, "request form")
    riley.get_by_role("button", name="Send my request").click()  # forgot the reason
    expect(riley.get_by_role("alert")).to_contain_text("Tell the facilitators why you want to join")
    assert_accessible(riley, "request form with error")
    riley.get_by_label("Why do you want to join?").fill(
        "I lead adoption support in Wiltshire and we are redesigning panel reports."
    )
    riley.get_by_role("button", name="Send my request").click()
    expect(
        riley.get_by_role("heading", name="Your request is waiting for a facilitator")
    ).to_be_visible()
    assert_accessible(riley, "request pending")

    # 4. Fran, now the facilitator, reads the reason and approves Riley.
    fran.goto(community.get_absolute_url())
    expect(fran.get_by_role("heading", level=1)).to_have_text("Adoption Policy CoP")
    expect(fran.get_by_text("1 waiting")).to_be_visible()
    assert_accessible(fran, "community home (facilitator)")
    fran.get_by_role("link", name="Membership requests").first.click()
    expect(fran.get_by_text("I lead adoption support in Wiltshire")).to_be_visible()
    assert_accessible(fran, "membership requests")
    fran.get_by_label("Message to Riley Requester (optional)").fill("Welcome, Riley!")
    fran.get_by_role("button", name="Approve Riley Requester").click()
    expect(fran.get_by_role("status")).to_contain_text("Riley Requester is now a member")
    assert_accessible(fran, "membership requests after decision")
    decided = MembershipRequest.objects.get(community=community, user=joiner)
    assert decided.state == MembershipRequest.State.APPROVED
    assert decided.decision_message == "Welcome, Riley!"

    # 5. Riley now sees the community itself: its domain, a welcome, and the tab bar.
    riley.goto(community.get_absolute_url())
    expect(riley.get_by_role("heading", level=1)).to_have_text("Adoption Policy CoP")
    expect(riley.get_by_text("Recruiting adopters")).to_be_visible()
    expect(riley.get_by_role("heading", name="Welcome to Adoption Policy CoP")).to_be_visible()
    expect(riley.get_by_text("Visible to the 2 members of Adoption Policy CoP")).to_be_visible()
    tabs = riley.get_by_role("navigation", name="Community sections")
    expect(tabs.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    assert_accessible(riley, "community home (new member)")
    tabs.get_by_role("link", name="Members").click()
    expect(riley.get_by_role("row", name=re.compile("Riley Requester"))).to_be_visible()
    assert_accessible(riley, "members page")
