"""Digests through the real pipeline: Celery beat's task on a Redis queue, a real worker process,
PostgreSQL, and SMTP to an in-process aiosmtpd server. Exactly once, even when the worker is
killed in the middle of a run."""

import time

import pytest

from activity.models import Verb
from alerts.models import SentDigest
from alerts.tasks import send_digests
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, yesterday
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.integration


def a_day_of_news(readers=1):
    community = CommunityFactory(name="Adoption Policy CoP")
    people = [
        follower(community, user=UserFactory(email=f"reader{n}@example.org"))
        for n in range(readers)
    ]
    log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(name="Priya Shah"),
        title="Matching panels", excerpt="How do you run them?", created=yesterday())  # fmt: skip
    return community, people


def recipients(messages):
    return sorted(message["To"] for message in messages)


def test_the_digest_arrives_over_smtp_with_both_parts_and_one_click_unsubscribe(
    celery_worker_process, smtp_sink
):
    community, [reader] = a_day_of_news()

    send_digests.delay("daily")

    [message] = smtp_sink.wait_for(1, timeout=60)
    assert message["To"] == reader.email
    assert message["Subject"] == "Your daily digest: 1 update in Adoption Policy CoP"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for part in (text, html):
        assert "Priya Shah started a topic:" in part and "Matching panels" in part
        assert "How do you run them?" in part
        assert "http://127.0.0.1:8000/alerts/" in part
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(message["List-Unsubscribe"]).strip()  # long: folded onto its own line
    assert unsubscribe.startswith("<http://127.0.0.1:8000/alerts/unsubscribe/")
    assert unsubscribe.strip("<>") in text
    assert "Task alerts.tasks.send_digest_batch[" in celery_worker_process.log()


def test_running_the_digest_task_twice_sends_each_digest_once(celery_worker_process, smtp_sink):
    community, readers = a_day_of_news(readers=3)

    send_digests.delay("daily")
    send_digests.delay("daily")

    smtp_sink.wait_for(3, timeout=60)
    celery_worker_process.wait_for_log("succeeded", timeout=30)
    time.sleep(3)  # room for a second copy to arrive, if the code were wrong
    assert recipients(smtp_sink.messages) == sorted(r.email for r in readers)
    assert SentDigest.objects.count() == 3


# The claim the killed worker left on the third reader is taken over after EMAIL_CLAIM_TIMEOUT
# (two minutes in production, where the visibility timeout is five; one second here).
@pytest.mark.celery_worker(visibility_timeout=2, env={"EMAIL_CLAIM_TIMEOUT": "1"})
def test_a_worker_killed_mid_run_loses_nobodys_digest_and_sends_none_twice(
    celery_worker_process, smtp_sink
):
    community, readers = a_day_of_news(readers=6)
    smtp_sink.delay = 1.5  # each message takes a while to hand over...

    send_digests.delay("daily")  # one batch of six, on the email queue

    smtp_sink.wait_for(2, timeout=60)
    time.sleep(0.5)  # ...so the worker is mid-way through the third
    celery_worker_process.stop(kill=True)
    delivered_before_kill = len(smtp_sink.messages)
    assert 2 <= delivered_before_kill < 6

    smtp_sink.delay = 0
    celery_worker_process.start()  # the unacknowledged batch is redelivered

    smtp_sink.wait_for(6, timeout=90)
    time.sleep(3)
    assert recipients(smtp_sink.messages) == sorted(r.email for r in readers)
    assert SentDigest.objects.count() == 6


def test_an_immediate_alert_is_sent_by_the_worker_after_the_post_commits(
    celery_worker_process, smtp_sink
):
    from django.db import transaction

    from alerts.models import Frequency

    community = CommunityFactory(name="Knowledge Management")
    eager = follower(community, Frequency.IMMEDIATE, user=UserFactory(email="eager@example.org"))
    with transaction.atomic():
        log(Verb.TOPIC_STARTED, community=community, actor=UserFactory(name="Mei Chen"),
            title="Taxonomy workshop")  # fmt: skip
        assert smtp_sink.messages == []  # nothing leaves before the commit

    [message] = smtp_sink.wait_for(1, timeout=60)
    assert message["To"] == eager.email
    assert (
        message["Subject"] == "Mei Chen started a topic: Taxonomy workshop (Knowledge Management)"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
