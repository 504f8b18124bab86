"""Two web servers serve the same members: nothing one keeps locally is needed by the other.

Two gunicorn processes on different ports run the production settings
(tests/integration/web_settings.py) against the test database, Redis (cache, sessions'
rate limits, the Celery broker) and an S3-compatible bucket. A member signs in through one,
uploads a document through it, and reads the document, downloads its file and gets the alert
email (sent by the real Celery worker) through or because of the other; a second member signs in
through the second server and reads what the first uploaded.
"""

import os
import re
import secrets
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import requests
from django.contrib.auth.hashers import Argon2PasswordHasher

from alerts.services import subscribe
from documents.models import Document
from documents.samples import pdf_bytes
from tests.accounts.factories import PASSWORD, UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.fixtures.services import BASE_DIR, database_url, free_port

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

HOST = "cop.test"
ORIGIN = f"https://{HOST}"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class WebServer:
    """One gunicorn process on its own loopback port."""

    def __init__(self, *, env, log_path):
        self.env = env
        self.log_path = Path(log_path)
        self.port = free_port()
        self.process = None

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self, timeout=60):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn), "cop_platform.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "60",
        ]  # fmt: skip
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                response = requests.get(
                    f"http://127.0.0.1:{self.port}/healthz",
                    headers={"Host": HOST, "X-Forwarded-Proto": "https"},
                    timeout=5,
                )
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or its worker still loading Django on a busy machine.
                time.sleep(0.2)
                continue
            if response.status_code == 200:
                return self
            raise AssertionError(f"/healthz answered {response.status_code}: {response.text}")
        raise AssertionError(f"gunicorn on port {self.port} did not start:\n{self.log()}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None


class Browser:
    """A member's browser behind a TLS proxy: one cookie jar, whichever server answers.

    The proxy's part is the Host and X-Forwarded-Proto headers; cookies are kept by hand because
    the site's cookies are Secure and the hop to gunicorn is plain HTTP."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, *, data=None, files=None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Referer": f"{ORIGIN}{path}",
        }
        if method == "POST":
            headers["Origin"] = ORIGIN
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            f"http://127.0.0.1:{server.port}{path}",
            headers=headers,
            data=data,
            files=files,
            allow_redirects=False,
            timeout=60,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response

    def get(self, server, path):
        return self.request(server, "GET", path)

    def submit(self, server, path, data, files=None):
        """GET the form from `server`, then POST it with its CSRF token."""
        page = self.get(server, path)
        assert page.status_code == 200, (path, page.status_code, page.text[:2000])
        token = TOKEN.search(page.text).group(1)
        return self.request(
            server, "POST", path, data={**data, "csrfmiddlewaretoken": token}, files=files
        )

    def sign_in(self, server, user):
        response = self.submit(
            server, "/accounts/login/", {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.text[:2000]
        assert "sessionid" in self.cookies


def with_production_password(*users):
    """The test settings hash with MD5, which production settings do not accept."""
    hasher = Argon2PasswordHasher()
    for user in users:
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])


@pytest.fixture
def shared_storage(request, s3_storage):
    """The bucket, also for the Celery worker (request it before `celery_worker_process`)."""
    request.node.add_marker(pytest.mark.celery_worker(env=dict(s3_storage.env)))
    return s3_storage


@pytest.fixture
def web_servers(shared_storage, tmp_path):
    from django.conf import settings
    from django.db import connection

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "COV_", "CELERY_", "EMAIL_", "DJANGO_", "AWS_"))
    }
    env.update(shared_storage.env)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.integration.web_settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_CSRF_TRUSTED_ORIGINS=ORIGIN,
        SITE_URL=ORIGIN,
        DATABASE_URL=database_url(connection.settings_dict),
        DB_CONN_MAX_AGE="0",
        REDIS_URL=settings.CACHES["default"]["LOCATION"],
        CACHE_KEY_PREFIX="cop-web-servers",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(BASE_DIR),
    )
    servers = [WebServer(env=env, log_path=tmp_path / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_a_member_signed_in_on_one_server_is_served_by_the_other(
    shared_storage, celery_worker_process, web_servers, smtp_sink
):
    first, second = web_servers
    assert first.port != second.port
    community = CommunityFactory(name="Adoption Support Leads", private=True)
    author = member_of(community, UserFactory(name="Dave Briggs"))
    reader = member_of(community, UserFactory(name="Neel Hatch"))
    with_production_password(author, reader)
    subscribe(user=reader, target=community, frequency="immediate")
    content = pdf_bytes("Matching guidance for adoption panels")

    dave = Browser()
    dave.sign_in(first, author)
    home = dave.get(second, "/")
    assert home.status_code == 200 and "Dave Briggs" in home.text

    response = dave.submit(
        first,
        f"/c/{community.slug}/documents/upload/",
        {"title": "Matching guidance", "description": "<p>How we match.</p>"},
        files={"file": ("Matching guidance.pdf", content, "application/pdf")},
    )
    assert response.status_code == 302, response.text[:3000]
    document = Document.objects.get(community=community)
    # The file is in the shared bucket, not on either server's disk.
    assert shared_storage.keys() == [document.current_version.file.name]

    detail = dave.get(second, f"/c/{community.slug}/documents/{document.pk}/")
    assert detail.status_code == 200 and "Matching guidance" in detail.text
    download = dave.get(second, f"/c/{community.slug}/documents/{document.pk}/file/?download=1")
    assert download.status_code == 200 and download.content == content

    neel = Browser()
    neel.sign_in(second, reader)
    assert neel.get(first, f"/c/{community.slug}/documents/{document.pk}/file/").content == content

    [alert] = smtp_sink.wait_for(1, timeout=60)
    assert alert["To"] == reader.email
    assert "Matching guidance" in alert.get_body(preferencelist=("plain",)).get_content()


def test_failed_sign_ins_are_counted_across_both_servers(web_servers):
    first, second = web_servers
    member = UserFactory(name="Olive Locked")
    with_production_password(member)

    guesser = Browser()
    for attempt in range(5):  # the limit is 5 per address in 5 minutes (ACCOUNT_RATE_LIMITS)
        server = web_servers[attempt % 2]
        response = guesser.submit(
            server, "/accounts/login/", {"login": member.email, "password": "wrong guess"}
        )
        assert response.status_code == 200 and "sessionid" not in guesser.cookies

    # The right password through either server is now refused: the count lives in Redis.
    for server in (first, second):
        response = Browser().submit(
            server, "/accounts/login/", {"login": member.email, "password": PASSWORD}
        )
        assert response.status_code == 200 and "Too many failed" in response.text
