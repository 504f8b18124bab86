"""allauth's login rate limit ("login_failed": 5 per 5 minutes per login) on real Redis."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TOO_MANY = "Too many failed login attempts. Try again later."


def attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_cache_is_redis():
    assert settings.CACHES["default"]["BACKEND"] == "core.cache.RedisCache"
    cache.set("probe", "ok", 10)
    assert cache.get("probe") == "ok"


def test_the_right_password_signs_in(client):
    user = UserFactory()
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_sixth_attempt_after_five_wrong_passwords_is_refused_even_with_the_right_one(client):
    user = UserFactory()
    other = UserFactory()
    for _ in range(5):
        response = attempt(client, user.email, "wrong password")
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()
        assert not signed_in(client)

    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_MANY in page
    assert 'class="error-summary"' in page  # shown in the site's error summary
    assert not signed_in(client)

    # The limit is per login: someone else signing in from the same address is not blocked.
    response = attempt(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_limit_is_kept_in_redis_and_gone_once_the_cache_is_cleared(client):
    user = UserFactory()
    for _ in range(5):
        attempt(client, user.email, "wrong password")
    assert TOO_MANY in attempt(client, user.email, PASSWORD).content.decode()
    location = settings.CACHES["default"]["LOCATION"]
    assert redis.Redis.from_url(location).dbsize() > 0  # the counters are in Redis

    cache.clear()
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
