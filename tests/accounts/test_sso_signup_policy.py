"""The sign-in policy admins edit: sign-up keeps to listed email domains, refused clearly."""

import pytest
from django.urls import reverse

from accounts.models import SignInPolicy, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Jo Practitioner",
    "email": "jo@elsewhere.example",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def test_anyone_may_sign_up_while_no_domains_are_listed(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert User.objects.filter(email=SIGNUP["email"]).exists()


def test_an_address_outside_the_listed_domains_is_refused_and_the_form_keeps_what_was_typed(
    client,
):
    SignInPolicy.objects.create(allowed_signup_domains="acme.example\n@Partner.Example.\n")
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sign-up here is open to email addresses at acme.example, partner.example only." in page
    assert 'value="Jo Practitioner"' in page
    assert 'value="jo@elsewhere.example"' in page
    assert not User.objects.exists()


def test_an_address_at_a_listed_domain_signs_up(client):
    SignInPolicy.objects.create(allowed_signup_domains="acme.example, partner.example")
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": "Jo@Partner.Example"})
    assert response.status_code == 302
    assert User.objects.filter(email="jo@partner.example").exists()


def test_a_sub_domain_is_not_the_listed_domain():
    policy = SignInPolicy(allowed_signup_domains="acme.example")
    assert policy.allows_signup("a@acme.example")
    assert not policy.allows_signup("a@mail.acme.example")
    assert not policy.allows_signup("a@notacme.example")


def test_existing_members_outside_the_domains_still_sign_in(client):
    from tests.accounts.factories import PASSWORD

    member = UserFactory(email="old@elsewhere.example")
    SignInPolicy.objects.create(allowed_signup_domains="acme.example")
    client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(member.pk)


def test_site_admins_edit_the_one_policy_in_django_admin(client, site_admin):
    client.force_login(site_admin)
    add = reverse("admin:accounts_signinpolicy_add")
    response = client.post(
        add, {"allowed_signup_domains": "acme.example", "require_two_factor_for_staff": "on"}
    )
    assert response.status_code == 302
    policy = SignInPolicy.current()
    assert policy.domains == ["acme.example"]
    assert policy.require_two_factor_for_staff
    # There is one policy: no second one, and it cannot be deleted.
    assert client.get(add).status_code == 403
    delete = reverse("admin:accounts_signinpolicy_delete", args=[policy.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert SignInPolicy.objects.count() == 1


def test_members_cannot_open_the_policy(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:accounts_signinpolicy_changelist"))
    assert response.status_code == 302


def test_the_provider_comes_from_the_environment_and_is_off_without_it(monkeypatch):
    from cop_platform.settings.base import oidc_providers

    for name in ["OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_VERIFIED_EMAIL_DOMAINS"]:
        monkeypatch.delenv(name, raising=False)
    assert oidc_providers() == {}

    monkeypatch.setenv("OIDC_SERVER_URL", "https://login.acme.example/realms/staff")
    monkeypatch.setenv("OIDC_CLIENT_ID", "cop")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("OIDC_PROVIDER_NAME", "Acme staff login")
    monkeypatch.setenv("OIDC_VERIFIED_EMAIL_DOMAINS", "acme.example, staff.acme.example")
    (app,) = oidc_providers()["openid_connect"]["APPS"]
    assert app["provider_id"] == "sso"
    assert app["name"] == "Acme staff login"
    assert (app["client_id"], app["secret"]) == ("cop", "s3cret")
    assert app["settings"]["server_url"] == "https://login.acme.example/realms/staff"
    assert app["settings"]["verified_email"] == ["acme.example", "staff.acme.example"]


def test_a_provider_without_a_client_id_is_a_configuration_error(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from cop_platform.settings.base import oidc_providers

    monkeypatch.setenv("OIDC_SERVER_URL", "https://login.acme.example")
    monkeypatch.delenv("OIDC_CLIENT_ID", raising=False)
    with pytest.raises(ImproperlyConfigured):
        oidc_providers()
