"""Signing up, confirming email and signing in, as a newcomer experiences them."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Jo Practitioner",
    "email": "jo@council.example.org",
    "password1": "a-long-unusual-passphrase",
    "password2": "a-long-unusual-passphrase",
}


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_a_newcomer_signs_up_confirms_their_email_and_is_signed_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email=SIGNUP["email"])
    assert user.display_name == "Jo Practitioner"

    link = confirmation_link(mail.outbox[-1])
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    home = client.get(reverse("core:home"))
    assert "Welcome, Jo Practitioner" in home.content.decode()


def test_an_unconfirmed_address_cannot_sign_in_yet(client):
    UserFactory(email="new@example.org", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "new@example.org", "password": PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signing_up_with_a_known_address_looks_exactly_like_a_new_signup(client):
    """Nobody can learn who is registered by trying addresses (account enumeration)."""
    UserFactory(email="taken@example.org")
    fresh = client.post(reverse("account_signup"), SIGNUP)
    known = client.post(reverse("account_signup"), {**SIGNUP, "email": "taken@example.org"})
    assert fresh.status_code == known.status_code == 302
    assert fresh["Location"] == known["Location"]
    assert User.objects.filter(email="taken@example.org").count() == 1
    # The owner of the known address is told by email instead.
    assert "taken@example.org" in mail.outbox[-1].to


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_adding_an_email_that_someone_else_uses_answers_like_any_other(client):
    UserFactory(email="someone@example.org")
    me = UserFactory()
    client.force_login(me)
    taken = client.post(
        reverse("account_email"), {"action_add": "", "email": "someone@example.org"}
    )
    free = client.post(reverse("account_email"), {"action_add": "", "email": "free@example.org"})
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com",
        "javascript:alert(1)",
    ],
)
def test_sign_in_never_redirects_off_the_site(client, next_url):
    user = UserFactory()
    response = client.post(
        f"{reverse('account_login')}?next={next_url}",
        {"login": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith("//")
    assert "evil" not in location and "javascript" not in location


def test_sign_in_returns_to_the_page_asked_for(client):
    user = UserFactory()
    response = client.post(
        f"{reverse('account_login')}?next=/feedback/", {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/feedback/"


def test_a_wrong_password_says_so_and_keeps_the_email_typed(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "not correct" in body
    assert f'value="{user.email}"' in body


def test_a_suspended_member_cannot_sign_in(client):
    user = UserFactory(is_active=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("account_inactive")


def test_signup_errors_keep_what_was_typed(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "different"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'value="Jo Practitioner"' in body and f'value="{SIGNUP["email"]}"' in body
