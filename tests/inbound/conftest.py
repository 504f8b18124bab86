import pytest
from django.core import mail

from inbound.services import receive

DOMAIN = "reply.cop.test"


@pytest.fixture(autouse=True)
def reply_domain(settings):
    settings.REPLY_DOMAIN = DOMAIN
    return DOMAIN


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Receive a message as the receiver would and run its processing (eager, after commit).
    Returns (the stored row, the emails sent back)."""

    def run(raw, **kwargs):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            rows = receive(raw, **kwargs)
        for row in rows:
            row.refresh_from_db()
        sent = mail.outbox[before:]
        return (rows[0] if len(rows) == 1 else rows), sent

    return run
