"""A 1,000-member digest run survives its worker being SIGKILLed three times.

Real Redis, PostgreSQL, worker process (its whole process group is killed) and SMTP sink. After
each kill the unacknowledged batch comes back after the visibility timeout (a few seconds here,
five minutes in production) and the claims (alerts.delivery) decide who still needs a digest.

Every member ends with exactly one digest: one Message-ID per recipient. A kill that lands in
the few milliseconds between the server accepting a message and its claim being confirmed makes
the message go again with the same Message-ID (the documented window, docs/alerts-and-activity.md);
the test allows at most one such repeat per kill and shows it is recognisably the same message.
"""

import os
import signal
import time
from collections import defaultdict

import pytest
import redis
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from activity.models import Verb
from alerts.models import Delivery, SentDigest, Subscription
from alerts.tasks import send_digests
from communities.models import Community, Membership
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, yesterday
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.integration

MEMBERS = 1000
KILLS = 3


def members_following(community, count):
    """`count` members of `community` with a daily digest subscription, written in bulk."""
    users = User.objects.bulk_create(
        User(username=f"reader{n}", email=f"reader{n}@example.org", name=f"Reader {n}")
        for n in range(count)
    )
    Membership.objects.bulk_create(Membership(user=user, community=community) for user in users)
    follows = {"target_type": ContentType.objects.get_for_model(Community), "frequency": "daily"}
    Subscription.objects.bulk_create(
        Subscription(user=user, target_id=community.pk, **follows) for user in users
    )
    return users


def kill_process_group(worker):
    """SIGKILL the worker's whole process group (it runs in its own session), mid-task."""
    os.killpg(os.getpgid(worker.process.pid), signal.SIGKILL)
    worker.process.wait(30)
    worker.process = None


def eventually(check, timeout, what):
    """Poll until `check()` is true; the timeout only bounds a failing test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


def broker_idle():
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return not broker.llen("email") and not broker.llen("default") and not broker.hlen("unacked")


KILL_TEST_ENV = {
    "ALERTS_DIGEST_BATCH_SIZE": "100",
    "EMAIL_CLAIM_TIMEOUT": "2",
    "EMAIL_RETRY_BACKOFF": "0.2",
    "EMAIL_RETRY_BACKOFF_MAX": "1",
}


@pytest.mark.celery_worker(visibility_timeout=3, env=KILL_TEST_ENV)
def test_every_member_gets_exactly_one_digest_although_the_worker_is_killed_three_times(
    celery_worker_process, smtp_sink
):
    killed_three_times(celery_worker_process, smtp_sink, connections=1)


@pytest.mark.celery_worker(
    visibility_timeout=3, env={**KILL_TEST_ENV, "ALERTS_DIGEST_CONNECTIONS": "3"}
)
def test_with_three_smtp_connections_a_kill_repeats_at_most_three_messages(
    celery_worker_process, smtp_sink
):
    """Each of a batch's connections (a thread each) has at most one message sent and not yet
    confirmed, so a kill repeats at most one message per connection."""
    killed_three_times(celery_worker_process, smtp_sink, connections=3)


def killed_three_times(celery_worker_process, smtp_sink, connections):
    community = CommunityFactory(name="Adoption Policy CoP")
    readers = members_following(community, MEMBERS)
    log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(name="Priya Shah"),
        title="Matching panels", excerpt="How do you run them?", created=yesterday())  # fmt: skip

    send_digests.delay("daily")

    def confirmed():
        return SentDigest.objects.filter(status=Delivery.SENT).count()

    for kill in range(1, KILLS + 1):
        # Kill at about a quarter, a half and three quarters of the run, at whatever point of a
        # member's render-claim-send-confirm the worker happens to be when the poll sees it.
        eventually(lambda kill=kill: confirmed() >= kill * MEMBERS // (KILLS + 1), 300, "progress")
        kill_process_group(celery_worker_process)
        assert len(smtp_sink.messages) < MEMBERS  # killed mid-run
        celery_worker_process.start()

    # Polled, not timed: the test's own bound is the 10 minutes the run has after the last restart.
    eventually(
        lambda: confirmed() == MEMBERS,
        timeout=600,
        what=f"{MEMBERS} digests confirmed as sent",
    )
    eventually(broker_idle, timeout=120, what="no task left queued, waiting or running")
    celery_worker_process.stop()

    message_ids = defaultdict(set)
    for message in smtp_sink.messages:
        message_ids[message["To"]].add(message["Message-ID"])
    assert sorted(message_ids) == sorted(reader.email for reader in readers)
    assert all(len(ids) == 1 for ids in message_ids.values()), {
        to: ids for to, ids in message_ids.items() if len(ids) > 1
    }
    repeats = len(smtp_sink.messages) - MEMBERS
    assert 0 <= repeats <= KILLS * connections
    assert SentDigest.objects.count() == MEMBERS
    print(f"{len(smtp_sink.messages)} messages for {MEMBERS} members ({repeats} repeated)")


@pytest.mark.celery_worker(visibility_timeout=3, env={"EMAIL_CLAIM_TIMEOUT": "2"})
def test_a_digest_the_server_accepted_just_before_the_kill_goes_again_with_the_same_message_id(
    celery_worker_process, smtp_sink
):
    """The remaining window, hit on purpose: the sink keeps the message but holds back its
    "250", the worker is killed, and the claim is never confirmed. After the claim timeout the
    redelivered batch sends it again, with the same Message-ID, and confirms it."""
    community = CommunityFactory()
    [reader] = members_following(community, 1)
    log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(), created=yesterday())
    smtp_sink.hold_replies = True

    send_digests.delay("daily")

    smtp_sink.wait_for(1, timeout=60)
    kill_process_group(celery_worker_process)
    smtp_sink.hold_replies = False
    row = SentDigest.objects.get(user=reader)
    assert (row.status, row.attempts) == (Delivery.CLAIMED, 1)

    celery_worker_process.start()
    eventually(lambda: SentDigest.objects.filter(status=Delivery.SENT).exists(), 120, "confirmed")
    first, second = smtp_sink.wait_for(2, timeout=30)
    assert first["To"] == second["To"] == reader.email
    assert first["Message-ID"] == second["Message-ID"]
    assert SentDigest.objects.get(user=reader).attempts == 2
