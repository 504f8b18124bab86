"""Single sign-on through an organisation's OpenID Connect provider, against a real provider
(npm oidc-provider, started by the test): which account a sign-in reaches, and what is refused."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import SignInPolicy, User
from tests.accounts.factories import UserFactory
from tests.sso_idp.idp import answer_from_provider, running_provider, sign_in_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc_provider(settings, tmp_path):
    yield from running_provider(settings, tmp_path)


def signed_in_as(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_a_newcomer_signs_in_and_gets_an_account_named_as_the_provider_names_them(
    client, oidc_provider
):
    oidc_provider.person("jo", "jo@acme.example", name="Jo Practitioner")
    response = sign_in_through(client, "jo")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    user = signed_in_as(client)
    assert user.email == "jo@acme.example"
    assert user.name == "Jo Practitioner"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user, email="jo@acme.example").verified
    assert SocialAccount.objects.get(user=user).uid == "jo"


def test_a_verified_address_on_both_sides_reaches_the_existing_account_and_links_it(
    client, oidc_provider
):
    member = UserFactory(email="sam@acme.example", name="Sam Member")
    oidc_provider.person("sam", "Sam@Acme.example")
    response = sign_in_through(client, "sam")
    assert response["Location"] == reverse("core:home")
    assert signed_in_as(client) == member
    assert SocialAccount.objects.get(uid="sam").user == member
    member.refresh_from_db()
    assert member.has_usable_password()  # they can still sign in with their password
    assert User.objects.count() == 1

    # Next time the link itself finds them, whatever the provider says about the address.
    client.logout()
    oidc_provider.person("sam", "sam.new@acme.example", verified=False)
    sign_in_through(client, "sam")
    assert signed_in_as(client) == member


def test_an_address_the_provider_has_not_verified_never_reaches_an_existing_account(
    client, oidc_provider
):
    member = UserFactory(email="sam@acme.example")
    oidc_provider.person("impostor", "sam@acme.example", verified=False)
    response = sign_in_through(client, "impostor")
    assert response.status_code == 403
    page = response.content.decode()
    assert "We could not sign you in with Acme Council" in page
    assert "did not confirm that your email address is verified" in page
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()
    member.refresh_from_db()
    assert member.has_usable_password()
    assert User.objects.count() == 1


def test_an_address_we_never_verified_is_not_taken_over_by_a_verified_one(
    client, oidc_provider, mailoutbox
):
    """Whoever typed the address here never proved it: the SSO sign-in neither takes that
    account nor creates a second one with the same address."""
    squatter = UserFactory(email="sam@acme.example", verified=False)
    oidc_provider.person("sam", "sam@acme.example")
    response = sign_in_through(client, "sam")
    assert signed_in_as(client) is None
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not SocialAccount.objects.exists()
    assert list(User.objects.all()) == [squatter]
    squatter.refresh_from_db()
    assert squatter.has_usable_password()


def test_sign_up_through_sso_keeps_to_the_allowed_domains(client, oidc_provider):
    SignInPolicy.objects.create(allowed_signup_domains="acme.example\npartner.example")
    oidc_provider.person("outsider", "someone@elsewhere.example")
    response = sign_in_through(client, "outsider")
    assert response.status_code == 403
    page = response.content.decode()
    assert "open to email addresses at acme.example, partner.example only" in page
    assert "someone@elsewhere.example" in page
    assert not User.objects.exists()

    oidc_provider.person("insider", "new@partner.example")
    sign_in_through(client, "insider")
    assert signed_in_as(client).email == "new@partner.example"


def test_the_domain_rule_is_for_sign_up_only_existing_accounts_still_sign_in(client, oidc_provider):
    member = UserFactory(email="old@elsewhere.example")
    SignInPolicy.objects.create(allowed_signup_domains="acme.example")
    oidc_provider.person("old", "old@elsewhere.example")
    sign_in_through(client, "old")
    assert signed_in_as(client) == member


def test_a_forged_or_replayed_answer_gets_a_clear_page_and_no_sign_in(client, oidc_provider):
    oidc_provider.person("jo", "jo@acme.example")
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "sso"})
    for query in ["?code=forged&state=not-ours", "?state=not-ours", ""]:
        response = client.get(callback + query)
        page = response.content.decode()
        assert "Single sign-on did not work" in page, query
        assert "Go to the sign-in page and try again" in page
        assert signed_in_as(client) is None

    # A genuine answer used twice: the second time its state is spent.
    answer = answer_from_provider(client, "jo")
    client.get(answer)
    jo = signed_in_as(client)
    assert jo.email == "jo@acme.example"
    client.logout()
    response = client.get(answer)
    assert "Single sign-on did not work" in response.content.decode()
    assert signed_in_as(client) is None


def test_cancelling_at_the_provider_says_nothing_changed(client, oidc_provider):
    client.post(reverse("openid_connect_login", kwargs={"provider_id": "sso"}))
    state = client.session["socialaccount_states"]
    state_id = next(iter(state))
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "sso"})
    response = client.get(f"{callback}?error=access_denied&state={state_id}", follow=True)
    assert "You cancelled signing in with your organisation" in response.content.decode()
    assert signed_in_as(client) is None


def test_sso_is_off_unless_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get(reverse("account_login")).content.decode()
    assert "organisation's sign-in" not in page
    assert "/accounts/oidc/" not in page
    login = reverse("openid_connect_login", kwargs={"provider_id": "sso"})
    assert client.get(login).status_code == 404
    assert client.post(login).status_code == 404
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "sso"})
    assert client.get(callback + "?code=x&state=y").status_code == 404


def test_the_sign_in_and_sign_up_pages_offer_the_organisations_sign_in(client, oidc_provider):
    for name in ["account_login", "account_signup"]:
        page = client.get(reverse(name)).content.decode()
        assert "Sign in with Acme Council" in page, name
        assert 'action="/accounts/oidc/sso/login/?process=login"' in page


def test_an_account_with_two_factor_is_still_asked_for_its_code_after_sso(client, oidc_provider):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    member = UserFactory(email="sam@acme.example")
    TOTP.activate(member, generate_totp_secret())
    oidc_provider.person("sam", "sam@acme.example")
    response = sign_in_through(client, "sam")
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_as(client) is None
