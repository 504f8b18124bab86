"""Tokens and sessions: who may call, what a token's scope allows, and the rate limit."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.models import AccessToken
from api.services import digest_of, token_revoke
from tests.api.factories import bearer, token
from tests.forums.factories import topic

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def test_only_a_digest_of_the_token_is_stored(alice):
    made, secret = token(alice)
    assert secret.startswith("cop_") and len(secret) > 40
    stored = AccessToken.objects.get(pk=made.pk)
    assert stored.digest == digest_of(secret) and secret not in stored.digest
    assert secret.startswith(stored.prefix) and len(stored.prefix) < 12


def test_a_token_says_whose_it_is_and_records_when_it_was_used(client, alice):
    made, secret = token(alice, scope="read")
    response = client.get("/api/v1/me", **bearer(secret))
    assert response.status_code == 200
    assert response.json() == {
        "name": alice.display_name,
        "username": alice.username,
        "token_scope": "read",
    }
    made.refresh_from_db()
    assert made.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cop_not-a-real-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "cop_missing-the-scheme",
        "Bearer " + "x" * 5000,
    ],
)
def test_bad_tokens_are_401_problems(client, alice, header):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"]
    assert body["type"].endswith("/unauthorized")


def test_expired_and_revoked_tokens_are_401(client, alice):
    expired, expired_secret = token(alice)
    AccessToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    revoked, revoked_secret = token(alice)
    token_revoke(token=revoked, user=alice)
    for secret in (expired_secret, revoked_secret):
        assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_suspended_members_token_stops_working(client, alice):
    _, secret = token(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_bad_token_is_401_even_with_a_valid_session(client, alice):
    client.force_login(alice)
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer cop_nope").status_code == 401


def test_signed_out_callers_get_a_401_not_a_redirect(client):
    response = client.get("/api/v1/communities")
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM


def test_a_read_only_token_reads_but_may_not_write(make_api, alice, community):
    api = make_api(alice, scope="read")
    opened = topic(community, alice)
    base = f"/api/v1/communities/{community.slug}"
    assert api.get(f"{base}/topics").status_code == 200
    for path, body in [
        (f"{base}/topics", {"title": "Hi", "body": "<p>Hi</p>"}),
        (f"{base}/topics/{opened.pk}/replies", {"body": "<p>Hi</p>"}),
        (f"{base}/leave", None),
        (f"{base}/join", None),
    ]:
        response = api.post(path, body)
        assert response.status_code == 403, path
        assert response.json()["type"].endswith("/read-only-token")
    assert opened.posts.count() == 1


def test_session_writes_need_the_csrf_token(alice, community):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    opened = topic(community, alice)
    path = f"/api/v1/communities/{community.slug}/topics/{opened.pk}/replies"
    body = json.dumps({"body": "<p>From the docs page</p>"})
    refused = client.post(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("/csrf")
    client.get("/api/v1/docs")  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    posted = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert posted.status_code == 201


def test_tokens_do_not_need_the_csrf_token(alice, community):
    client = Client(enforce_csrf_checks=True)
    opened = topic(community, alice)
    _, secret = token(alice)
    response = client.post(
        f"/api/v1/communities/{community.slug}/topics/{opened.pk}/replies",
        json.dumps({"body": "<p>From a script</p>"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201


def test_the_rate_limit_answers_429_with_retry_after(client, alice, settings):
    settings.API_RATE_LIMIT_REQUESTS = 3
    settings.API_RATE_LIMIT_WINDOW = 60
    _, secret = token(alice)
    _, other = token(alice, name="Another")
    statuses = [client.get("/api/v1/me", **bearer(secret)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/me", **bearer(secret))
    assert limited["Content-Type"] == PROBLEM
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["type"].endswith("/rate-limited")
    # Counted per token: another token of the same member has its own allowance.
    assert client.get("/api/v1/me", **bearer(other)).status_code == 200


def test_the_session_is_rate_limited_per_member(client, alice, settings):
    settings.API_RATE_LIMIT_REQUESTS = 2
    client.force_login(alice)
    statuses = [client.get("/api/v1/me").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
