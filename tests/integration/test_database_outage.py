"""With its PostgreSQL stopped, the site answers members with the 503 "we are having trouble"
page (a form's text shown back) and /healthz names the database; once it is back, all is well.

The site runs under gunicorn on a PostgreSQL cluster of this test's own (tests/integration/
outage.py), so stopping it leaves the database the other tests use alone.
"""

import json

import pytest

from tests.accounts.factories import PASSWORD
from tests.integration.outage import (
    CREATE_MEMBER,
    Browser,
    PostgresCluster,
    SiteServer,
    run_django,
    site_env,
)

# django_db: the test database must exist, since its schema is what the site's own cluster copies.
pytestmark = [pytest.mark.integration, pytest.mark.django_db]

TROUBLE = "We are having trouble. Your work is not lost — please try again in a minute."
NOT_SAVED = "What you typed has not been saved yet."
FEEDBACK = 'The <em>events</em> page "needs" a map & directions'
FEEDBACK_ESCAPED = "The &lt;em&gt;events&lt;/em&gt; page &quot;needs&quot; a map &amp; directions"


@pytest.fixture
def cluster(db):
    from django.db import connection

    settings_dict = dict(connection.settings_dict)
    cluster = PostgresCluster().init()
    try:
        cluster.copy_database(settings_dict)
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def site(cluster, tmp_path):
    env = site_env(DATABASE_URL=cluster.url())
    run_django(CREATE_MEMBER.format(email="ada@example.org"), env)
    server = SiteServer(env, tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


def health(browser):
    response = browser.get("/healthz")
    return response.status, json.loads(response.text)


def test_a_stopped_database_gives_the_friendly_page_and_healthz_names_it(cluster, site):
    member = Browser(site.url)
    member.sign_in("ada@example.org", PASSWORD)
    page = member.get("/feedback/")
    assert page.status == 200, page
    assert health(Browser(site.url)) == (200, {"database": "ok", "cache": "ok", "broker": "ok"})

    cluster.stop()

    page = member.get("/feedback/")
    assert page.status == 503, site.log()
    assert page.headers["Retry-After"] == "60"
    assert TROUBLE in page.text and NOT_SAVED not in page.text

    posted = member.post("/feedback/", {"message": FEEDBACK, "page": ""})
    assert posted.status == 503, site.log()
    assert posted.headers["Retry-After"] == "60"
    assert posted.headers["Cache-Control"] == "no-store"
    assert TROUBLE in posted.text and NOT_SAVED in posted.text
    assert FEEDBACK_ESCAPED in posted.text and "<em>events" not in posted.text
    assert member.csrf_token not in posted.text

    status, report = health(member)  # with the session cookie: /healthz never reads it
    assert (status, report) == (503, {"database": "error", "cache": "ok", "broker": "ok"})

    cluster.start()

    assert health(member) == (200, {"database": "ok", "cache": "ok", "broker": "ok"})
    assert member.get("/feedback/").status == 200
    sent = member.post("/feedback/", {"message": FEEDBACK, "page": ""})
    assert sent.status == 302, sent
    saved = run_django(
        "from core.models import Feedback\nprint(Feedback.objects.filter(message="
        f"{FEEDBACK!r}).count())",
        site.env,
    )
    assert saved.strip() == "1"
