"""A newcomer joins, confirms their email, signs out and in again, and makes the text larger.

Every page on the way is checked with axe-core (WCAG 2.2 A/AA; serious and critical problems fail).
"""

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.browser.axe import assert_accessible

NAME = "Nia Newcomer"
EMAIL = "nia.newcomer@example.org"
PASSWORD = "a-long-and-unusual-passphrase-42"


def confirmation_link(outbox):
    for message in reversed(outbox):
        if EMAIL in message.to:
            match = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
            if match:
                return match.group(0)
    raise AssertionError(f"no confirmation link emailed to {EMAIL}: {[m.subject for m in outbox]}")


def test_newcomer_signs_up_confirms_signs_in_and_enlarges_text(page, mailoutbox, sign_in):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Learn from people")
    assert_accessible(page, "landing page")

    page.get_by_role("link", name="Join for free").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    assert_accessible(page, "sign-up page")

    page.get_by_label("Full name").fill(NAME)
    page.get_by_label(re.compile(r"^Email")).fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign up", re.I)).click()

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("verify", re.I))
    assert_accessible(page, "verification sent page")
    user = User.objects.get(email=EMAIL)
    assert user.name == NAME

    page.goto(confirmation_link(mailoutbox))
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("confirm", re.I))
    assert_accessible(page, "confirm email page")
    page.locator("main form").get_by_role("button", name=re.compile("confirm", re.I)).click()

    # Signed in straight away, on My home.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="My home")).to_have_attribute("aria-current", "page")
    assert_accessible(page, "My home")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)

    page.goto("/accounts/login/")
    assert_accessible(page, "sign-in page")
    user.refresh_from_db()
    sign_in(page, user, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")

    html = page.locator("html")
    expect(html).to_have_class(re.compile(r"\btext-standard\b"))
    page.get_by_role("button", name="Largest text").click()
    expect(html).to_have_class(re.compile(r"\btext-largest\b"))
    expect(page.get_by_role("button", name="Largest text")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("link", name="Help").click()
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(html).to_have_class(re.compile(r"\btext-largest\b"))
    assert_accessible(page, "help page with the largest text")
