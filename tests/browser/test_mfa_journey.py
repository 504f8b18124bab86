"""Two-factor in a real browser (Debian Chromium, the real CSP), required by the sign-in policy.

Fran facilitates a community; the policy requires two-factor for facilitators. Signing in, she is
sent to set up an authenticator app (after confirming her password), types a wrong code and is
told so, then the right one (computed here from the secret the page shows) and is given recovery
codes. She signs out and in again and is asked for a code; another time she uses a recovery code,
which works once only. Sam adds a security key (Chromium's virtual authenticator, through
allauth's WebAuthn scripts under the real CSP) and signs in with it. axe checks every page.
"""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from accounts.models import SignInPolicy
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_narrow_screens import OVERFLOW, WIDTH
from tests.communities.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Fran Facilitator"


def code(secret, step=0):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def sign_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def assert_fits_narrow_screen(page, label):
    """No sideways scrolling at 320 px (WCAG 1.4.10), then back to the usual width."""
    size = page.viewport_size
    page.set_viewport_size({"width": WIDTH, "height": 640})
    found = page.evaluate(OVERFLOW, WIDTH)
    page.set_viewport_size(size)
    assert found["scrollWidth"] <= WIDTH, f"{label} is wider than {WIDTH}px: {found['wide']}"


def enter_code(page, value):
    page.get_by_label(re.compile("code", re.I)).fill(value)
    page.locator("main form").get_by_role("button", name="Sign in").click()


def test_a_facilitator_sets_up_two_factor_and_signs_in_with_codes(page, sign_in, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # a second sign-in within 30 seconds needs an unused code
    SignInPolicy.objects.create(require_two_factor_for_staff=True)
    fran = UserFactory(name=NAME)
    MembershipFactory(user=fran, facilitator=True)

    sign_in(page, fran)
    # Sent to set it up; allauth first asks for the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    expect(page.get_by_role("alert").or_(page.locator(".messages"))).to_contain_text(
        "Your role on this site needs two-factor authentication"
    )
    assert_accessible(page, "confirm password before setting up two-factor")
    page.get_by_label(re.compile("^Password")).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("confirm", re.I)).click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    # Every other page sends her back here until it is done.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page, "set up an authenticator app")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]+=*", secret), secret
    assert_fits_narrow_screen(page, "set-up page")

    page.get_by_label(re.compile("code", re.I)).fill("000000" if code(secret) != "000000" else "1")
    page.locator("main form").get_by_role("button", name="Turn on two-factor").click()
    expect(page.locator("main")).to_contain_text("That code is not right.")
    assert_accessible(page, "wrong code when setting up")

    page.get_by_label(re.compile("code", re.I)).fill(code(secret))
    page.locator("main form").get_by_role("button", name="Turn on two-factor").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    assert_accessible(page, "recovery codes")
    recovery = page.locator("#recovery_codes li").all_inner_texts()
    assert len(recovery) == 10
    assert_fits_narrow_screen(page, "recovery codes")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")

    # My account leads to the two-factor page, which says it is on.
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    expect(page.locator("main")).to_contain_text("On: signing in asks for a code")
    assert_accessible(page, "two-factor page")
    page.get_by_role("link", name="Make new recovery codes").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/generate/"))
    assert_accessible(page, "make new recovery codes")
    sign_out(page)

    # Next sign-in asks for a code from the app.
    sign_in(page, fran)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page, "two-factor code at sign-in")
    enter_code(page, code(secret, 1))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")
    sign_out(page)

    # A recovery code works once.
    sign_in(page, fran)
    enter_code(page, recovery[0])
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")
    sign_out(page)
    sign_in(page, fran)
    enter_code(page, recovery[0])
    expect(page.locator("main")).to_contain_text("That code is not right.")
    expect(page.get_by_label(re.compile("code", re.I))).to_have_value(recovery[0])
    assert_accessible(page, "used recovery code refused")
    enter_code(page, recovery[1])
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")


def test_a_member_adds_a_security_key_and_signs_in_with_it(page, sign_in):
    """WebAuthn under the site's real CSP, with Chromium's virtual authenticator as the key."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sam = UserFactory(name="Sam Member")
    sign_in(page, sam)
    page.goto("/accounts/2fa/")
    assert_accessible(page, "two-factor page, nothing on yet")
    page.get_by_role("link", name="Add a security key or passkey").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label(re.compile("^Password")).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    assert_accessible(page, "add a security key")
    page.locator("main").get_by_role("button", name=re.compile("^add$", re.I)).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    page.goto("/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("You have added 1 security key.")
    page.get_by_role("link", name="See your security keys").click()
    assert_accessible(page, "security keys")
    sign_out(page)

    sign_in(page, sam)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page, "two-factor at sign-in, with a security key")
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam Member")
