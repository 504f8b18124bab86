"""Passwords are stored with Argon2; older hashes are upgraded when their owners sign in."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from cop_platform.settings import base
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# The test settings hash with MD5 for speed; these tests use the hashers every site runs with.
site_hashers = override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)


@site_hashers
def test_new_passwords_are_stored_with_argon2():
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


@site_hashers
def test_a_pbkdf2_password_still_signs_in_and_is_rehashed_with_argon2(client):
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302 and response.wsgi_request.user == user
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(PASSWORD)
