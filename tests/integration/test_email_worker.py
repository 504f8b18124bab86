"""Email goes through the real pipeline: on_commit -> Redis queue -> Celery worker -> SMTP."""

import time

import pytest
from django.db import transaction

from core.email import queue_templated_email

pytestmark = pytest.mark.integration

FEEDBACK = {
    "author": "Ada Practitioner",
    "author_email": "ada@example.org",
    "message": "The events page is hard to find.",
    "page": "/events/",
}


def queue_feedback(to="team@example.org", **context):
    queue_templated_email(to=[to], template="core/email/feedback", context={**FEEDBACK, **context})


def parts_of(message):
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return text, html


def test_committed_email_is_sent_by_the_worker_with_text_and_html(celery_worker_process, smtp_sink):
    with transaction.atomic():
        queue_feedback()
        assert smtp_sink.messages == []  # nothing leaves before the commit

    [message] = smtp_sink.wait_for(1, timeout=30)
    assert message["To"] == "team@example.org"
    assert message["Subject"] == "Feedback from Ada Practitioner"
    text, html = parts_of(message)
    assert text is not None and html is not None, message.as_string()
    assert "The events page is hard to find." in text.get_content()
    assert "ada@example.org" in text.get_content()
    assert "The events page is hard to find." in html.get_content()
    assert "<html" in html.get_content().lower()
    assert "Task core.tasks.send_email[" in celery_worker_process.log()


def test_email_queued_in_a_rolled_back_transaction_is_never_sent(celery_worker_process, smtp_sink):
    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        queue_feedback(to="never@example.org", message="ROLLED BACK")
        raise Abandon

    # A later committed email on the same queue arrives, so the worker was listening all along.
    with transaction.atomic():
        queue_feedback(to="later@example.org", message="COMMITTED")
    smtp_sink.wait_for(1, timeout=30)
    time.sleep(1)
    assert [m["To"] for m in smtp_sink.messages] == ["later@example.org"]
    assert "ROLLED BACK" not in celery_worker_process.log()


@pytest.mark.celery_worker(visibility_timeout=2)
def test_task_of_a_killed_worker_is_redelivered_after_restart(celery_worker_process, smtp_sink):
    """acks_late: a worker killed mid-send loses nothing; the restarted worker sends it once."""
    smtp_sink.delay = 30  # the worker is stuck talking to the SMTP server...
    queue_feedback(to="survivor@example.org")
    celery_worker_process.wait_for_log("Task core.tasks.send_email[", timeout=30)
    time.sleep(0.5)
    celery_worker_process.stop(kill=True)  # ...when it is killed
    assert smtp_sink.messages == []

    smtp_sink.delay = 0
    celery_worker_process.start()
    [message] = smtp_sink.wait_for(1, timeout=30)
    assert message["To"] == "survivor@example.org"
    time.sleep(1)
    assert len(smtp_sink.messages) == 1
