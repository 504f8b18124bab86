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
