"""Steve edits a wiki page with a reason and reads the diff; he uploads a document, rates it and
tags it; then finds it through the search box and through the tag page.

Every page on the way is checked with axe-core (WCAG 2.2 A/AA; serious and critical fail)."""

import re

from playwright.sync_api import expect

from documents.samples import pdf_bytes
from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible as axe_check
from tests.communities.factories import CommunityFactory, member_of
from wikis import services as wiki_services


def assert_accessible(page, label):
    """axe once the page has settled (the editor built, any web fonts loaded)."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    axe_check(page, label)


def show_editors(page):
    """Scroll a rich-text box into view: the editor loads when one is about to be used."""
    page.locator('textarea[data-richtext="editor"]').first.evaluate("box => box.scrollIntoView()")


def editor(page, label):
    show_editors(page)
    box = page.locator(f'.ProseMirror[role="textbox"][aria-label^="{label}"]')
    expect(box).to_be_visible()
    return box


def test_edit_a_wiki_page_upload_rate_tag_and_find_a_document(page, sign_in):
    community = CommunityFactory(name="Social Media and Online Collaboration")
    dave = member_of(community, UserFactory(name="Dave Briggs"))
    steve = member_of(community, UserFactory(name="Steve Dale"))
    wiki_services.page_create(
        community=community,
        author=dave,
        title="Big Day Out agenda",
        body="<p>10am: Welcome and introductions.</p>",
        reason="First draft",
    )
    sign_in(page, steve)

    # The wiki page, then its editor: a new paragraph and a reason for the update.
    page.goto(f"/c/{community.slug}/wiki/")
    assert_accessible(page, "wiki index")
    page.get_by_role("link", name="Big Day Out agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Big Day Out agenda")
    assert_accessible(page, "wiki page")
    page.get_by_role("link", name="Edit this page").click()
    assert_accessible(page, "wiki edit form")
    body = editor(page, "Body text")
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("1pm: Lunch and the barcamp board.")
    page.get_by_label("Reason for update").fill("Added lunch")
    page.get_by_role("button", name="Save changes").click()
    saved = page.get_by_text("Your changes to “Big Day Out agenda” have been saved.")
    expect(saved).to_be_visible()
    expect(page.get_by_text("Revision 2: last edited")).to_be_visible()

    # History and the diff between the two revisions.
    page.get_by_role("link", name=re.compile(r"^History")).click()
    expect(page.get_by_role("cell", name="Added lunch")).to_be_visible()
    assert_accessible(page, "page history")
    page.get_by_role("button", name="Compare the chosen revisions").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("between revision 1 and revision 2")
    added = page.locator(".diff ins.diff__added")
    expect(added).to_contain_text("1pm: Lunch and the barcamp board.")
    assert_accessible(page, "diff")

    # Upload a document to the library.
    page.get_by_role("navigation", name="Community sections").get_by_role(
        "link", name="Documents"
    ).click()
    assert_accessible(page, "document library")
    page.get_by_role("link", name="Add new document").click()
    page.get_by_label("Title").fill("Onboarding pack for new members")
    editor(page, "Description").click()
    page.keyboard.type("Everything a newcomer needs in their first week.")
    page.get_by_label("File").set_input_files(
        {"name": "Onboarding pack.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    assert_accessible(page, "upload form")
    page.get_by_role("button", name="Upload document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Onboarding pack for new members")
    expect(page.get_by_role("link", name="Download Onboarding pack.pdf")).to_be_visible()
    assert_accessible(page, "document page")

    # Rate it (radio buttons in a fieldset) and tag it.
    page.get_by_label("4 stars").check()
    page.get_by_role("button", name="Rate it").click()
    expect(page.get_by_text("4.0 out of 5")).to_be_visible()
    expect(page.get_by_role("group", name=re.compile("Your rating: 4 out of 5"))).to_be_visible()
    page.get_by_label("Add tags").fill("onboarding, newcomers")
    page.get_by_role("button", name="Add tags").click()
    expect(page.get_by_text("Tagged with")).to_be_visible()
    tags_box = page.get_by_role("region", name="Tags")
    expect(tags_box.get_by_role("link", name="onboarding")).to_be_visible()
    assert_accessible(page, "document page, rated and tagged")

    # Find it with the search box in the header…
    page.get_by_role("searchbox", name="Search the site").fill("onboarding")
    page.get_by_role("searchbox", name="Search the site").press("Enter")
    results = page.locator("ol.results")
    expect(results.get_by_role("link", name=re.compile("Onboarding pack"))).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    assert_accessible(page, "search results")

    # …and through the tag page.
    results.get_by_role("link", name=re.compile("Onboarding pack")).click()
    page.get_by_role("region", name="Tags").get_by_role("link", name="onboarding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Items tagged “onboarding”")
    expect(page.get_by_role("link", name=re.compile("Onboarding pack"))).to_be_visible()
    assert_accessible(page, "tag page")
