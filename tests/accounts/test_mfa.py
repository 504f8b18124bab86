"""Two-factor authentication (allauth.mfa: an authenticator app and recovery codes), and the
sign-in policy's requirement of it for site admins and facilitators."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from accounts.models import SignInPolicy
from tests.accounts.factories import PASSWORD, AdminFactory, UserFactory
from tests.communities.factories import MembershipFactory

pytestmark = pytest.mark.django_db

WRONG_CODE = "That code is not right."


def code(secret, step=0):
    """The authenticator app's code, `step` periods from now (the tests allow one period either
    side, so that a second sign-in within 30 seconds has a code not used yet)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


@pytest.fixture(autouse=True)
def _one_period_either_side(settings):
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def required(db):
    return SignInPolicy.objects.create(require_two_factor_for_staff=True)


@pytest.fixture
def facilitator(db):
    return MembershipFactory(facilitator=True).user


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before any change to two-factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def signed_in(client):
    return "_auth_user_id" in client.session


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes


def test_a_facilitator_is_sent_to_set_up_two_factor_before_anything_else(
    client, required, facilitator
):
    sign_in(client, facilitator)
    assert signed_in(client)
    activate = reverse("mfa_activate_totp")
    for url in [reverse("core:home"), reverse("accounts:settings"), "/c/anything/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == activate
    page = client.get(activate, follow=True).content.decode()
    assert "Your role on this site needs two-factor authentication" in page
    assert client.get(reverse("account_reauthenticate")).status_code == 200

    # Help and the terms stay reachable; so does signing out.
    assert client.get(reverse("core:help")).status_code == 200
    assert client.get(reverse("core:terms")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert not signed_in(client)


def test_setting_up_with_a_wrong_code_says_so_then_the_right_code_lets_them_in(
    client, required, facilitator
):
    sign_in(client, facilitator)
    confirm_password(client)
    activate = reverse("mfa_activate_totp")
    client.get(activate)
    secret = client.session[SECRET_SESSION_KEY]
    wrong = format_hotp_value((int(code(secret)) + 1) % 1_000_000)
    response = client.post(activate, {"code": wrong})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not Authenticator.objects.filter(user=facilitator).exists()

    response = client.post(activate, {"code": code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=facilitator, type="totp").exists()
    assert client.get(reverse("core:home")).status_code == 200


def test_admins_are_required_too_and_members_are_not(client, required):
    admin, member = AdminFactory(), UserFactory()
    sign_in(client, admin)
    assert client.get(reverse("core:home"))["Location"] == reverse("mfa_activate_totp")
    client.logout()
    sign_in(client, member)
    assert client.get(reverse("core:home")).status_code == 200


def test_nobody_is_sent_while_the_policy_does_not_require_it(client, facilitator):
    sign_in(client, facilitator)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_facilitator_who_has_two_factor_is_asked_for_a_code_at_sign_in(
    client, required, facilitator
):
    secret, _ = with_totp(facilitator)
    response = sign_in(client, facilitator)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert WRONG_CODE in response.content.decode()
    assert not signed_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": code(secret)})
    assert response["Location"] == reverse("core:home")
    assert signed_in(client)
    assert client.get(reverse("core:home")).status_code == 200


def test_a_recovery_code_works_once(client, facilitator):
    secret, codes = with_totp(facilitator)
    sign_in(client, facilitator)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert signed_in(client)
    client.logout()

    sign_in(client, facilitator)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert "code" in response.context["form"].data  # what they typed is shown again
    assert not signed_in(client)
    client.post(reverse("mfa_authenticate"), {"code": codes[1]})
    assert signed_in(client)


def test_a_used_app_code_is_refused_the_second_time(client, facilitator):
    secret, _ = with_totp(facilitator)
    once = code(secret)
    sign_in(client, facilitator)
    client.post(reverse("mfa_authenticate"), {"code": once})
    assert signed_in(client)
    client.logout()
    sign_in(client, facilitator)
    response = client.post(reverse("mfa_authenticate"), {"code": once})
    assert WRONG_CODE in response.content.decode()
    assert not signed_in(client)


def test_required_two_factor_cannot_be_turned_off_but_optional_can(client, facilitator):
    secret, _ = with_totp(facilitator)
    sign_in(client, facilitator)
    client.post(reverse("mfa_authenticate"), {"code": code(secret)})
    client.post(reverse("mfa_reauthenticate"), {"code": code(secret, 1)})
    deactivate = reverse("mfa_deactivate_totp")
    policy = SignInPolicy.objects.create(require_two_factor_for_staff=True)
    response = client.post(deactivate)
    assert "cannot remove your last authenticator app or security key" in response.content.decode()
    assert Authenticator.objects.filter(user=facilitator, type="totp").exists()

    policy.require_two_factor_for_staff = False
    policy.save()
    response = client.post(deactivate)
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=facilitator, type="totp").exists()


def test_my_account_links_to_two_factor(member_client):
    page = member_client.get(reverse("accounts:settings")).content.decode()
    assert f'href="{reverse("mfa_index")}"' in page
    assert "Two-factor authentication" in page
    assert member_client.get(reverse("mfa_index")).status_code == 200


def test_someone_elses_security_key_cannot_be_seen_edited_or_removed(client, member):
    key = Authenticator.objects.create(
        user=UserFactory(), type=Authenticator.Type.WEBAUTHN, data={"name": "Their key"}
    )
    sign_in(client, member)
    confirm_password(client)
    for name in ["mfa_edit_webauthn", "mfa_remove_webauthn"]:
        url = reverse(name, kwargs={"pk": key.pk})
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"name": "Mine now"}).status_code == 404, name
    assert "Their key" not in client.get(reverse("mfa_list_webauthn")).content.decode()
    assert Authenticator.objects.get(pk=key.pk).data == {"name": "Their key"}
