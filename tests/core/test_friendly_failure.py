"""An unavailable database or cache gives members a 503 "we are having trouble" page, and
/healthz says which service is down (core/failure.py, core/health.py).

The outages here are real refusals: the cache, the session store, the broker or the database
point at a loopback port nothing listens on. The database cases run in a subprocess whose
DATABASE_URL is such a PostgreSQL address, so the test database is never touched.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from core.failure import outage_in, unavailable_response
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
TROUBLE = "We are having trouble. Your work is not lost — please try again in a minute."
NOT_SAVED = "What you typed has not been saved yet."
TYPED = 'Minutes of the <script>alert("x")</script> meeting & next steps'
TYPED_ESCAPED = (
    "Minutes of the &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; meeting &amp; next steps"
)


@pytest.fixture
def closed_port():
    """A loopback port with nothing listening on it: connections are refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_at(port):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }


@pytest.fixture
def cache_down(closed_port):
    """The cache on a Redis server that is not there."""
    with override_settings(CACHES=redis_at(closed_port)):
        yield


@pytest.fixture
def browser():
    """A client that gets the responses a browser would, instead of re-raising the error."""
    return Client(raise_request_exception=False)


def assert_trouble_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response
    assert not response.cookies, "the page sets no session or CSRF cookie"
    body = response.content.decode()
    assert TROUBLE in body
    return body


def test_the_middleware_sits_above_sessions_and_authentication():
    order = settings.MIDDLEWARE
    friendly = order.index("core.failure.FriendlyFailureMiddleware")
    assert friendly < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert friendly < order.index("django.contrib.auth.middleware.AuthenticationMiddleware")


@pytest.mark.django_db
def test_a_member_posting_a_message_with_the_cache_down_gets_the_text_back_escaped(
    cache_down, browser, member
):
    """The message rate limit lives in the cache; the text is shown back, never the secrets."""
    browser.force_login(member)
    recipient = UserFactory()
    response = browser.post(
        reverse("profiles:compose", args=[recipient.username]),
        {
            "subject": "Next meeting",
            "body": TYPED,
            "new_password": "hunter2-secret",
            "csrfmiddlewaretoken": "token-value",
            "empty": "  ",
        },
    )
    body = assert_trouble_page(response)
    assert NOT_SAVED in body
    assert TYPED_ESCAPED in body and "<script>alert" not in body
    assert '<label for="typed-1">Subject</label>' in body
    assert '<label for="typed-2">Body</label>' in body
    assert "readonly>\n" + TYPED_ESCAPED + "</textarea>" in body
    assert "hunter2-secret" not in body and "token-value" not in body
    assert body.count("<textarea") == 2, "empty fields and secrets are left out"


@pytest.mark.django_db
def test_signing_in_with_the_cache_down_keeps_the_address_but_not_the_password(cache_down, browser):
    """The sign-in rate limit lives in the cache."""
    response = browser.post(
        reverse("account_login"),
        {"login": "ada@example.org", "password": "correct-horse-battery-staple"},
    )
    body = assert_trouble_page(response)
    assert "ada@example.org" in body
    assert "correct-horse-battery-staple" not in body


@pytest.mark.django_db
def test_the_page_needs_no_database_and_no_cache(cache_down, django_assert_num_queries):
    request = RequestFactory().post("/anything/", {"body": "Half a wiki page"})
    with django_assert_num_queries(0):
        response = unavailable_response(request)
    assert response.status_code == 503
    assert "Half a wiki page" in response.content.decode()


def test_an_outage_is_recognised_behind_the_error_it_caused():
    try:
        try:
            raise OperationalError("connection refused")
        except OperationalError as exc:
            raise ValueError("while rendering") from exc
    except ValueError as caused:
        assert isinstance(outage_in(caused), OperationalError)
    assert outage_in(ValueError("a plain bug")) is None


# --- /healthz ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_200_when_everything_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "ok"}
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", ""), "it never reads the session"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_names_the_cache_when_it_is_down(cache_down, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_names_the_broker_when_it_is_down(closed_port, client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port}/1"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "error"}


# --- the database down ---------------------------------------------------------------------------

DATABASE_DOWN = textwrap.dedent(
    """
    import json

    import django

    django.setup()
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    results = {}
    for name, response in [
        ("page", client.get("/feedback/")),
        ("post", client.post("/feedback/", {"message": "Draft kept <b>here</b>"})),
        ("healthz", client.get("/healthz")),
    ]:
        results[name] = {
            "status": response.status_code,
            "retry_after": response.get("Retry-After"),
            "body": response.content.decode(),
        }
    print(json.dumps(results))
    """
)


def test_with_the_database_refusing_connections_pages_and_posts_answer_503(closed_port):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DJANGO_SETTINGS_MODULE="cop_platform.settings.test",
        DATABASE_URL=f"postgres://cop@127.0.0.1:{closed_port}/cop",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_DOWN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout.strip().splitlines()[-1])

    for name in ("page", "post"):
        assert results[name]["status"] == 503, results[name]["body"]
        assert results[name]["retry_after"] == "60"
        assert TROUBLE in results[name]["body"]
    assert "Draft kept &lt;b&gt;here&lt;/b&gt;" in results["post"]["body"]
    assert results["healthz"]["status"] == 503
    assert json.loads(results["healthz"]["body"])["database"] == "error"
