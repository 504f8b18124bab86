"""What the teams who run the service rely on: a request id on every response and log line, JSON
log lines in production, and error reports that carry nothing about the person."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from core import requestid, sentry

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(client):
    first = client.get(reverse("core:healthz"))
    second = client.get(reverse("core:healthz"))
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_proxys_request_id_is_kept_and_a_strange_one_replaced(client):
    kept = client.get(reverse("core:healthz"), headers={"X-Request-ID": "lb-1234-abcd"})
    assert kept["X-Request-ID"] == "lb-1234-abcd"
    odd = client.get(reverse("core:healthz"), headers={"X-Request-ID": "<script>\r\nX: y"})
    assert odd["X-Request-ID"] != "<script>\r\nX: y" and len(odd["X-Request-ID"]) == 32


def test_log_lines_written_while_serving_carry_the_request_id(client, caplog):
    caplog.set_level(logging.INFO)

    class Grab(logging.Handler):
        ids = []

        def emit(self, record):
            self.ids.append(getattr(record, "request_id", None))

    handler = Grab()
    handler.addFilter(requestid.RequestIdFilter())
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client.get("/no-such-page-at-all/")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 404
    assert handler.ids and handler.ids[-1] == response["X-Request-ID"]
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "outside", None, None)
    requestid.RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_production_writes_json_log_lines_with_the_request_id():
    """The production settings, as a server would load them, in a process of their own."""
    script = (
        "import django, logging; django.setup(); "
        "from core import requestid; t = requestid._current.set('req-12345678'); "
        "logging.getLogger('cop').warning('disk nearly full')"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop_platform.settings.production",
        "DJANGO_SECRET_KEY": "operations-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "cop.example.org",
        "SITE_URL": "https://cop.example.org",
    }
    env.pop("SENTRY_DSN", None)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "disk nearly full"
    assert line["level"] == "WARNING" and line["logger"] == "cop"
    assert line["request_id"] == "req-12345678"


def test_an_error_report_keeps_nothing_about_the_person():
    event = {
        "user": {"id": 7, "email": "priya@example.org", "ip_address": "10.0.0.1"},
        "request": {
            "url": "https://cop.example.org/people/?name=priya@example.org",
            "method": "POST",
            "query_string": "name=priya@example.org",
            "data": {"body": "my private words"},
            "cookies": {"sessionid": "secret"},
            "headers": {
                "Cookie": "sessionid=secret",
                "Authorization": "Bearer token",
                "X-Request-ID": "req-12345678",
                "Content-Type": "text/html",
            },
            "env": {"REMOTE_ADDR": "10.0.0.1"},
        },
    }
    token = requestid._current.set("req-12345678")
    try:
        scrubbed = sentry.scrub(event)
    finally:
        requestid._current.reset(token)
    text = json.dumps(scrubbed)
    for personal in ("priya@example.org", "10.0.0.1", "secret", "my private words", "Bearer"):
        assert personal not in text
    assert scrubbed["request"]["url"] == "https://cop.example.org/people/"
    assert scrubbed["tags"]["request_id"] == "req-12345678"


def test_production_starts_sentry_only_with_a_dsn_and_without_personal_data():
    script = (
        "import django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options.get('send_default_pii'))"
    )
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop_platform.settings.production",
        "DJANGO_SECRET_KEY": "operations-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "cop.example.org",
        "SITE_URL": "https://cop.example.org",
    }
    base.pop("SENTRY_DSN", None)
    off = subprocess.run([sys.executable, "-c", script], env=base, capture_output=True, text=True)
    on = subprocess.run(
        [sys.executable, "-c", script],
        env={**base, "SENTRY_DSN": "http://public@127.0.0.1:9/1"},
        capture_output=True,
        text=True,
    )
    assert off.stdout.split()[0] == "False", off.stderr
    assert on.stdout.split() == ["True", "False"], on.stderr
