"""Single sign-on in a real browser against a real OpenID Connect provider (npm oidc-provider,
started by the test on a free port, tests/sso_idp).

Jo presses "Sign in with Acme Council" on our sign-in page, signs in at the provider and lands on
My home with a new account; Sam, who has an account here, is linked to it. An impostor whose
provider account claims Sam's address without verifying it is refused and Sam's account is
untouched; someone from a domain outside the sign-up list is refused with the domains named.
axe checks every page of ours (the provider's development login page is not ours).
"""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts.models import SignInPolicy, User
from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.browser.test_mfa_journey import assert_fits_narrow_screen
from tests.sso_idp.idp import PROVIDER_NAME, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def idp(settings, tmp_path, live_server):
    yield from running_provider(settings, tmp_path, live_server.url)


def sign_in_at_provider(page, idp, login):
    page.goto("/accounts/login/")
    assert_accessible(page, "sign-in page with single sign-on")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    expect(page).to_have_url(re.compile("^" + re.escape(idp.issuer) + "/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_a_newcomer_and_an_existing_member_sign_in_through_their_organisation(new_context, idp):
    idp.person("jo", "jo@acme.example", name="Jo Practitioner")
    page = new_context().new_page()
    sign_in_at_provider(page, idp, "jo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Jo Practitioner")
    assert_accessible(page, "My home after single sign-on")
    assert User.objects.get(email="jo@acme.example").name == "Jo Practitioner"
    page.goto("/accounts/3rdparty/")
    expect(page.locator("main")).to_contain_text(PROVIDER_NAME)
    assert_accessible(page, "connected sign-in accounts")

    sam = UserFactory(email="sam@acme.example", name="Sam Member")
    idp.person("sam", "sam@acme.example", name="Samuel M.")
    page = new_context().new_page()
    sign_in_at_provider(page, idp, "sam")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sam Member")
    assert SocialAccount.objects.get(uid="sam").user == sam


def test_an_unverified_address_does_not_take_over_an_account(page, idp):
    sam = UserFactory(email="sam@acme.example", name="Sam Member")
    idp.person("impostor", "sam@acme.example", verified=False, name="Not Sam")
    sign_in_at_provider(page, idp, "impostor")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"We could not sign you in with {PROVIDER_NAME}"
    )
    expect(page.locator("main")).to_contain_text("did not confirm that your email address")
    assert_accessible(page, "single sign-on refused: unverified address")
    page.goto("/")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert not SocialAccount.objects.exists()
    sam.refresh_from_db()
    assert sam.has_usable_password()
    assert User.objects.count() == 1


def test_a_domain_outside_the_sign_up_list_is_refused(page, idp):
    SignInPolicy.objects.create(allowed_signup_domains="acme.example")
    idp.person("outsider", "someone@elsewhere.example")
    sign_in_at_provider(page, idp, "outsider")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"We could not sign you in with {PROVIDER_NAME}"
    )
    expect(page.locator("main")).to_contain_text("open to email addresses at acme.example only")
    assert_accessible(page, "single sign-on refused: domain")
    assert_fits_narrow_screen(page, "single sign-on refused")
    page.goto("/accounts/login/")
    assert_fits_narrow_screen(page, "sign-in page with single sign-on")
    assert not User.objects.exists()


def test_a_broken_or_cancelled_answer_from_the_provider_gets_a_clear_page(page, idp):
    page.goto("/accounts/oidc/sso/login/callback/?code=forged&state=forged")
    expect(page.get_by_role("heading", level=1)).to_have_text("Single sign-on did not work")
    assert_accessible(page, "single sign-on did not work")
    page.goto("/accounts/3rdparty/login/cancelled/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in cancelled")
    assert_accessible(page, "single sign-on cancelled")

    # A link to the provider's sign-in address asks for a press of the button first.
    page.goto("/accounts/oidc/sso/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign in with {PROVIDER_NAME}")
    assert_accessible(page, "continue to the provider")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile("^" + re.escape(idp.issuer) + "/interaction/"))
