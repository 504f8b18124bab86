"""Evidence of value in a real browser (Debian Chromium through playwright, the site's real CSP).

Alice says Bob's reply helped her, with a story and the time it saved. Grace, the facilitator,
finds it on the stories page and asks to share it; Alice opens the question from her bell and
agrees. Grace opens the sponsor report, which shows the story and the figures, and prints it: the
print layout drops the menus and forms but keeps the story, and Chromium prints it to PDF. A
site admin sorts every community's report by stories. Without JavaScript, the
story form still works and bad input comes back with the text kept. axe checks every page of the
journey (axe needs JavaScript, so not the run without it).
"""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import AdminFactory, UserFactory
from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.events.factories import EventFactory, attend
from tests.forums import factories as forum_factories
from tests.value.factories import shareable, story

STORY = "Bob's checklist halved our panel paperwork."


def people():
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    grace = UserFactory(name="Grace Facilitator", username="grace")
    alice = UserFactory(name="Alice Adams", username="alice")
    bob = UserFactory(name="Bob Brown", username="bob")
    MembershipFactory(user=grace, community=community, facilitator=True)
    for person in (alice, bob):
        MembershipFactory(user=person, community=community)
    topic = forum_factories.topic(community, alice, title="Panel paperwork")
    answer = forum_factories.reply(topic, bob, body="<p>Try our checklist.</p>")
    held = EventFactory(
        community=community,
        created_by=grace,
        title="Quarterly panel meet-up",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )
    attend(held, alice)
    attend(held, bob)
    return community, grace, alice, answer


def test_a_story_is_told_shared_with_consent_and_printed_in_the_sponsor_report(
    new_context, sign_in, tmp_path
):
    community, grace, alice, answer = people()
    member = new_context().new_page()
    sign_in(member, alice)

    # Alice tells how Bob's reply helped, from under the reply.
    member.goto(answer.get_absolute_url())
    member.locator(f"#{answer.anchor}").get_by_role(
        "link", name=re.compile("Say how it helped")
    ).click()
    expect(member.get_by_role("heading", level=1)).to_contain_text("helped you")
    assert_accessible(member, "tell a story")
    member.get_by_label("What did it help you with?").fill(STORY)
    member.get_by_label("Time or money it saved").fill("-4")
    member.get_by_role("button", name="This helped me").click()
    expect(member.locator(".error-summary")).to_contain_text("Enter a number above 0.")
    expect(member.get_by_label("What did it help you with?")).to_have_value(STORY)
    assert_accessible(member, "story form with an error")
    member.get_by_label("Time or money it saved").fill("4")
    member.get_by_label("Unit").select_option("hours")
    member.get_by_role("button", name="This helped me").click()
    expect(member.locator(".messages")).to_contain_text("you said this helped you")
    expect(member.locator(f"#{answer.anchor}")).to_contain_text("1 found this helpful")

    # Grace asks to share it.
    facilitator = new_context().new_page()
    sign_in(facilitator, grace)
    facilitator.goto(f"/c/{community.slug}/")
    facilitator.get_by_role("link", name="Stories of value").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text("Stories of value")
    expect(facilitator.locator(".story-list")).to_contain_text(STORY)
    expect(facilitator.locator(".story-list")).to_contain_text("4 hours")
    assert_accessible(facilitator, "stories of value")
    facilitator.get_by_role("button", name=re.compile("Ask to share it")).click()
    expect(facilitator.locator(".messages")).to_contain_text("Alice Adams is asked")

    # Alice answers from her bell.
    member.goto("/notifications/")
    asked = member.locator(".notification", has_text="asks whether your story")
    asked.get_by_role("button", name=re.compile("^Open")).click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Your story")
    assert_accessible(member, "consent page")
    member.get_by_role("button", name="Yes, it may be shared").click()
    expect(member.locator(".story-sharing")).to_contain_text("Shareable (the author agreed)")

    # Grace opens the sponsor report, checks it, and prints it.
    facilitator.goto(f"/c/{community.slug}/value/stories/")
    facilitator.get_by_role("link", name="sponsor report").click()
    expect(facilitator.get_by_role("heading", level=1)).to_have_text(
        "Sponsor report: Adoption Policy CoP"
    )
    report = facilitator.locator("article.sponsor-report")
    expect(report).to_contain_text(STORY)
    expect(report).to_contain_text("1 event held, 2 attendees")
    expect(report.locator("svg[role=img]").first).to_be_visible()
    assert_accessible(facilitator, "sponsor report")
    facilitator.emulate_media(media="print")
    expect(facilitator.locator(".site-header")).to_be_hidden()
    expect(facilitator.locator("form.period-form")).to_be_hidden()
    expect(report.get_by_text(STORY)).to_be_visible()
    pdf = tmp_path / "sponsor-report.pdf"
    facilitator.pdf(path=pdf, format="A4")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
    facilitator.emulate_media(media="screen")

    # The figures as CSV.
    with facilitator.expect_download() as download:
        facilitator.get_by_role("link", name="Download the figures (CSV)").click()
    text = download.value.path().read_text()
    assert "Events held,1" in text and "Total hours saved,4" in text


def test_a_site_admin_sorts_every_communitys_report(new_context, sign_in):
    community, grace, alice, answer = people()
    CommunityFactory(name="Aardvark Officers")
    admin = AdminFactory(name="Site Admin")
    page = new_context().new_page()
    sign_in(page, admin)
    page.goto("/value/report/")
    rows = page.locator(".report__table tbody th")
    expect(rows.first).to_have_text("Aardvark Officers")
    assert_accessible(page, "every community's report")
    page.get_by_role("link", name="Attendees").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Attendees")
    page.get_by_role("link", name=re.compile("^Attendees")).click()
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Attendees")
    expect(rows.first).to_have_text("Adoption Policy CoP")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report__table")).to_be_visible()


def test_without_javascript_a_story_is_told_and_bad_input_kept(new_context, sign_in):
    community, _grace, alice, answer = people()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, alice)
    page.goto(f"/value/helped/post/{answer.pk}/")
    page.get_by_label("What did it help you with?").fill(STORY)
    page.get_by_label("Time or money it saved").fill("100000")
    page.get_by_label("Unit").select_option("pounds")
    page.get_by_role("button", name="This helped me").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter at most 10,000")
    expect(page.get_by_label("What did it help you with?")).to_have_value(STORY)
    page.get_by_label("Time or money it saved").fill("250")
    page.get_by_role("button", name="This helped me").click()
    expect(page.locator(".messages")).to_contain_text("you said this helped you")
    page.goto(f"/value/helped/post/{answer.pk}/")
    expect(page.get_by_label("What did it help you with?")).to_have_value(STORY)
    expect(page.get_by_label("Time or money it saved")).to_have_value("250")


def test_value_pages_fit_a_320_px_screen(new_context, sign_in):
    """WCAG 1.4.10 Reflow: no sideways scrolling of the page; the wide table of every
    community's figures scrolls inside its own labelled region."""
    community, grace, alice, answer = people()
    told = story(answer, alice, helped_with=STORY, amount="4", unit="hours")
    shareable(told, by=grace)
    admin = AdminFactory(name="Site Admin")
    visits = [
        (alice, f"/value/helped/post/{answer.pk}/"),
        (alice, f"/value/stories/{told.pk}/"),
        (grace, f"/c/{community.slug}/value/stories/"),
        (grace, f"/c/{community.slug}/value/report/"),
        (admin, "/value/report/"),
    ]
    for person, url in visits:
        page = new_context(viewport={"width": 320, "height": 640}).new_page()
        sign_in(page, person)
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 321, f"{url} is {width}px wide at 320px"
        assert_accessible(page, f"{url} at 320px")
