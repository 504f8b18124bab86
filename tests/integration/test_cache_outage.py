"""With the Redis that holds the cache stopped, what needs the cache (the sign-in rate limit)
answers with the 503 "we are having trouble" page, pages that do not need it keep working, and
/healthz names the cache; once Redis is back, signing in works again.

The cache is a Redis server of this test's own (tests/integration/outage.py); the Celery broker
stays on the Redis `make test` started, so /healthz tells the two apart.
"""

import json

import pytest
from django.conf import settings

from tests.accounts.factories import PASSWORD
from tests.integration.outage import (
    CREATE_MEMBER,
    Browser,
    PostgresCluster,
    RedisServer,
    SiteServer,
    run_django,
    site_env,
)

# django_db: the test database must exist, since its schema is what the site's own cluster copies.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TROUBLE = "We are having trouble. Your work is not lost — please try again in a minute."
ALL_OK = {"database": "ok", "cache": "ok", "broker": "ok"}


@pytest.fixture
def site(db, tmp_path):
    from django.db import connection

    settings_dict = dict(connection.settings_dict)
    cluster = PostgresCluster().init()
    redis_server = RedisServer().start()
    server = None
    try:
        cluster.copy_database(settings_dict)
        env = site_env(
            DATABASE_URL=cluster.url(),
            REDIS_URL=redis_server.url,
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        )
        run_django(CREATE_MEMBER.format(email="ada@example.org"), env)
        server = SiteServer(env, tmp_path).start()
        server.redis = redis_server
        yield server
    finally:
        if server is not None:
            server.stop()
        redis_server.destroy()
        cluster.destroy()


def health(browser):
    response = browser.get("/healthz")
    return response.status, json.loads(response.text)


def test_a_stopped_cache_gives_the_friendly_page_where_it_is_needed(site):
    member = Browser(site.url)
    member.sign_in("ada@example.org", PASSWORD)
    assert health(member) == (200, ALL_OK)

    site.redis.stop()

    visitor = Browser(site.url)
    assert visitor.get("/accounts/login/").status == 200
    refused = visitor.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert refused.status == 503, site.log()
    assert refused.headers["Retry-After"] == "60"
    assert TROUBLE in refused.text
    assert "ada@example.org" in refused.text and PASSWORD not in refused.text

    assert member.get("/feedback/").status == 200, "a page that needs no cache still works"
    assert health(member) == (503, {"database": "ok", "cache": "error", "broker": "ok"})

    site.redis.start()

    assert health(member) == (200, ALL_OK)
    visitor.get("/accounts/login/")
    signed_in = visitor.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert signed_in.status == 302, signed_in
