"""The mail server is down: nothing is given up on silently.

A real worker, Redis, PostgreSQL and the aiosmtpd sink, which the tests shut down and bring back.
The backoff is scaled down to fractions of a second through the worker's settings, so the
outage spans many more retries than the old policy allowed (8, then the email was dropped)."""

import time

import pytest
import redis
from django.conf import settings
from django.db import transaction

from activity.models import Verb
from alerts.models import Delivery, EmailFailure, Frequency, SentAlert, SentDigest
from alerts.tasks import send_digests
from core.email import queue_templated_email
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, yesterday
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.integration

FAST_RETRIES = {
    "EMAIL_RETRY_BACKOFF": "0.05",
    "EMAIL_RETRY_BACKOFF_MAX": "0.3",
    "EMAIL_CLAIM_TIMEOUT": "2",
}
OLD_MAX_RETRIES = 8


def eventually(check, timeout, what):
    """Poll until `check()` is true; the timeout only bounds a failing test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


def retries(worker, task):
    """How many times the worker has logged a retry of `task` ("Task x.y.task[id] retry: ...")."""
    lines = worker.log().splitlines()
    return sum(1 for line in lines if f".{task}[" in line and " retry: " in line)


def broker_idle():
    """No task queued, waiting for its countdown or running: nothing more can be sent."""
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return not broker.llen("email") and not broker.llen("default") and not broker.hlen("unacked")


def the_news(readers, *, eager=None):
    """Yesterday's topic for `readers` daily followers (and an `eager` immediate follower)."""
    community = CommunityFactory(name="Adoption Policy CoP")
    people = [follower(community) for _ in range(readers)]
    if eager:
        follower(community, Frequency.IMMEDIATE, user=eager)
    log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(name="Priya Shah"),
        title="Matching panels", created=yesterday())  # fmt: skip
    return community, people


@pytest.mark.celery_worker(visibility_timeout=5, env=FAST_RETRIES)
def test_digests_alerts_and_other_email_wait_out_an_outage_and_arrive_once(
    celery_worker_process, smtp_sink
):
    smtp_sink.stop()
    eager = UserFactory()
    community, readers = the_news(readers=5, eager=eager)  # the topic alerts `eager` at once

    send_digests.delay("daily")
    with transaction.atomic():
        log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(), title="Urgent")
    with transaction.atomic():
        queue_templated_email(to=["team@example.org"], template="core/email/feedback",
                              context={"author": "Ada", "message": "Still there?"})  # fmt: skip

    # Each sender keeps trying for longer than the old policy would have.
    for task in ("send_digest_batch", "send_immediate_alerts", "send_email"):
        eventually(
            lambda task=task: retries(celery_worker_process, task) > 2 * OLD_MAX_RETRIES,
            timeout=120,
            what=f"{task} retried more than {2 * OLD_MAX_RETRIES} times",
        )
    assert smtp_sink.messages == []
    assert not SentDigest.objects.filter(status=Delivery.SENT).exists()

    smtp_sink.start()

    expected = sorted([r.email for r in readers] + [eager.email] * 2 + ["team@example.org"])
    smtp_sink.wait_for(len(expected), timeout=120)
    eventually(broker_idle, timeout=60, what="the worker has nothing left to do")
    assert sorted(m["To"] for m in smtp_sink.messages) == expected
    assert SentDigest.objects.filter(status=Delivery.SENT).count() == 5
    assert [a.status for a in SentAlert.objects.all()] == [Delivery.SENT] * 2
    assert not EmailFailure.objects.exists()


@pytest.mark.celery_worker(
    visibility_timeout=5, env={**FAST_RETRIES, "ALERTS_DIGEST_CONNECTIONS": "3"}
)
def test_digests_sent_over_three_connections_wait_out_an_outage_and_arrive_once(
    celery_worker_process, smtp_sink
):
    smtp_sink.stop()
    _, readers = the_news(readers=7)

    send_digests.delay("daily")
    eventually(
        lambda: retries(celery_worker_process, "send_digest_batch") > 3,
        timeout=120,
        what="send_digest_batch retried",
    )
    assert smtp_sink.messages == []

    smtp_sink.start()
    smtp_sink.wait_for(len(readers), timeout=120)
    eventually(broker_idle, timeout=60, what="the worker has nothing left to do")
    assert sorted(m["To"] for m in smtp_sink.messages) == sorted(r.email for r in readers)
    assert SentDigest.objects.filter(status=Delivery.SENT).count() == len(readers)


@pytest.mark.celery_worker(
    visibility_timeout=5, env={**FAST_RETRIES, "EMAIL_RETRY_HOURS": str(3 / 3600)}
)
def test_email_still_undelivered_when_the_retry_window_closes_is_recorded_for_admins(
    celery_worker_process, smtp_sink
):
    """EMAIL_RETRY_HOURS is 3 seconds here: the outage outlasts it."""
    _, [reader] = the_news(readers=1)
    smtp_sink.stop()

    send_digests.delay("daily")
    with transaction.atomic():
        queue_templated_email(to=["team@example.org"], template="core/email/feedback",
                              context={"author": "Ada", "message": "Anyone?"})  # fmt: skip

    eventually(
        lambda: EmailFailure.objects.filter(undelivered=1).count() == 2,
        timeout=120,
        what="both emails recorded as undelivered",
    )
    eventually(broker_idle, timeout=60, what="no retries left")
    digest = SentDigest.objects.get(user=reader)
    assert digest.status == Delivery.FAILED
    assert digest.last_error.startswith("Gave up after ")
    failures = {f.address: f for f in EmailFailure.objects.all()}
    assert set(failures) == {reader.email, "team@example.org"}
    assert failures[reader.email].user == reader
    assert all(f.flagged_at is None and f.refusals == 0 for f in failures.values())

    # The server is back: what was recorded as undelivered is not sent behind anyone's back.
    smtp_sink.start()
    send_digests.delay("daily")
    eventually(broker_idle, timeout=60, what="the second run finished")
    assert smtp_sink.messages == []


@pytest.mark.celery_worker(visibility_timeout=5, env=FAST_RETRIES)
def test_a_refused_address_is_recorded_once_and_never_retried(celery_worker_process, smtp_sink):
    _, [gone, fine] = the_news(readers=2)
    smtp_sink.refuse[gone.email] = "550 5.1.1 Mailbox unavailable"

    send_digests.delay("daily")

    [message] = smtp_sink.wait_for(1, timeout=60)
    assert message["To"] == fine.email
    eventually(broker_idle, timeout=60, what="the batch finished")
    failure = EmailFailure.objects.get()
    assert (failure.address, failure.refusals, failure.code) == (gone.email, 1, 550)
    assert SentDigest.objects.get(user=gone).status == Delivery.FAILED
    assert "retry:" not in celery_worker_process.log()
