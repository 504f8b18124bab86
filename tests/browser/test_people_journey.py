"""Priya finds someone by expertise, adds him as a contact and messages him; Owen sees the
message (and the unread count in the navigation) and replies; Priya reads the reply.

Every page on the way is checked with axe-core (WCAG 2.2 A/AA; serious and critical fail).
"""

import re

from playwright.sync_api import expect

from profiles.models import Contact, Message, Region
from tests.browser.axe import assert_accessible
from tests.profiles.factories import give_photo, person


def test_find_by_expertise_add_contact_message_and_get_a_reply(
    page, new_context, sign_in, mailoutbox
):
    priya = person(
        "Priya Shah",
        job_title="Head of Knowledge Management",
        organisation="Birmingham City Council",
        region=Region.WEST_MIDLANDS,
        expertise=["knowledge management"],
        interests=["evidence search"],
    )
    owen = person(
        "Owen Hughes",
        job_title="Knowledge and Information Manager",
        organisation="Leeds Teaching Hospitals NHS Trust",
        region=Region.YORKSHIRE,
        expertise=["evidence search", "records management"],
    )
    give_photo(owen)
    person("Grace Okafor", expertise=["social media"])

    # Priya looks for someone who knows about evidence searching.
    sign_in(page, priya)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People finder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People finder")
    assert_accessible(page, "people finder")
    page.get_by_label("Area of expertise").fill("evidence")
    page.get_by_role("button", name="Find people").click()
    expect(page.get_by_role("status")).to_contain_text("1 person matches your search")
    results = page.locator(".person-cards")
    expect(results.get_by_role("heading", name="Owen Hughes")).to_be_visible()
    expect(results).not_to_contain_text("Grace Okafor")
    expect(results.get_by_role("link", name="evidence search")).to_be_visible()
    assert_accessible(page, "people finder results")

    # His profile: she adds him as a contact.
    results.get_by_role("link", name="Owen Hughes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Owen Hughes")
    expect(page.get_by_role("img", name="Photo of Owen Hughes")).to_be_visible()
    assert_accessible(page, "Owen's profile")
    page.get_by_role("button", name="Add Owen Hughes as a contact").click()
    expect(page.get_by_role("status")).to_contain_text("Owen Hughes is now one of your contacts.")
    assert Contact.objects.filter(owner=priya, contact=owen).exists()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()
    page.get_by_role("navigation", name="Profile sections").get_by_role(
        "link", name="My contacts"
    ).click()
    expect(page.locator(".person-cards")).to_contain_text("Owen Hughes")
    assert_accessible(page, "My contacts")

    # ...and sends him a message.
    page.goto(f"/people/{owen.username}/")
    page.get_by_role("link", name="Send a message to Owen Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send a message to Owen Hughes")
    assert_accessible(page, "new message")
    page.get_by_label("Subject").fill("Evidence search for social care")
    page.get_by_label("Message").fill("Hello Owen, could we talk about literature searches?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence search for social care")
    assert_accessible(page, "conversation (sender)")
    assert any(owen.email in m.to for m in mailoutbox)

    # Owen signs in elsewhere and sees one unread message.
    owen_page = new_context().new_page()
    sign_in(owen_page, owen)
    messages_link = owen_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile(r"^Messages")
    )
    expect(messages_link).to_have_text(re.compile(r"Messages\s*1 unread"))
    messages_link.click()
    expect(owen_page.get_by_role("heading", level=1)).to_have_text("Messages")
    assert_accessible(owen_page, "inbox")
    owen_page.get_by_role("link", name="Evidence search for social care").click()
    expect(owen_page.locator(".message-thread")).to_contain_text(
        "could we talk about literature searches?"
    )
    assert_accessible(owen_page, "conversation (recipient)")
    # Reading it cleared the count.
    expect(
        owen_page.get_by_role("navigation", name="Main").get_by_role("link", name="Messages")
    ).to_have_text("Messages")
    owen_page.get_by_label("Your reply").fill("Of course. Thursday at 2?")
    owen_page.get_by_role("button", name="Send reply").click()
    expect(owen_page.get_by_role("status")).to_contain_text("Your reply has been sent.")

    # Priya sees the reply.
    page.goto("/messages/")
    expect(page.locator(".conversation-list")).to_contain_text("1 new")
    assert_accessible(page, "inbox with a reply")
    page.get_by_role("link", name="Evidence search for social care").click()
    expect(page.locator(".message-thread")).to_contain_text("Of course. Thursday at 2?")
    assert [m.sender for m in Message.objects.order_by("created")] == [priya, owen]


def test_my_profile_pages_are_accessible(page, sign_in):
    """The member's own tabs and forms, including an edit form showing its errors."""
    mina = person("Mina Member", expertise=["adoption policy"], interests=["procurement"])
    sign_in(page, mina)
    for url, label in [
        ("/profile/", "personal details"),
        ("/profile/edit/", "edit profile"),
        ("/profile/photo/", "photo"),
        ("/profile/people-like-me/", "people like me"),
        ("/profile/communities/", "my communities"),
        ("/alerts/", "my alerts"),
        ("/profile/blocked/", "blocked members"),
        ("/profile/data/", "download my data"),
        ("/profile/delete/", "delete account"),
        ("/messages/archived/", "archived messages"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, label)

    page.goto("/profile/edit/")
    page.get_by_label(re.compile(r"^Website:?$")).fill("not a web address")
    page.get_by_label("About me").fill("Still here after the error.")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a valid URL.")
    expect(page.get_by_label("About me")).to_have_value("Still here after the error.")
    assert_accessible(page, "edit profile with errors")
