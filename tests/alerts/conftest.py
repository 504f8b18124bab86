import pytest
from django.core import mail

from alerts.tasks import send_digests


@pytest.fixture
def run_digests():
    """Run the beat task as Celery would (eagerly in tests) and return the emails it sent."""

    def run(kind="daily", **kwargs):
        before = len(mail.outbox)
        send_digests.delay(kind, **kwargs)
        return mail.outbox[before:]

    return run


def text_of(message):
    return message.body


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def leads_to(text):
    """The full addresses the counting redirects (alerts.clicks) in an email's text or HTML lead
    to, checked as the redirect view would check them."""
    import re

    from django.conf import settings

    from alerts.clicks import follow

    found = set()
    for signed in re.findall(r"/r/([A-Za-z0-9_\-:.]+)/", text):
        followed = follow(signed)
        if followed:
            found.add(settings.SITE_URL.rstrip("/") + followed[0])
    return found
