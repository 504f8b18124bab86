"""Reply by email on the real stack: an SMTP client sends to the receiver, the message is stored,
a real Celery worker (on Redis and PostgreSQL) posts it, and the alert it causes reaches the
SMTP sink with its own reply address."""

import smtplib
import time

import pytest

from alerts.models import Frequency
from alerts.services import subscribe
from forums.models import Post
from inbound.models import InboundMessage
from inbound.receiver import InboundController
from tests.communities.factories import CommunityFactory, member_of
from tests.fixtures.services import free_port
from tests.forums.factories import topic as make_topic
from tests.inbound.conftest import DOMAIN
from tests.inbound.mail import QUOTED, reply, reply_address

pytestmark = [pytest.mark.integration, pytest.mark.celery_worker(env={"REPLY_DOMAIN": DOMAIN})]


def wait_for(condition, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come true within {timeout} s")


@pytest.fixture
def receiver():
    controller = InboundController(hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def test_a_reply_by_smtp_is_posted_by_the_worker_and_alerts_the_thread(
    celery_worker_process, smtp_sink, receiver
):
    community = CommunityFactory()
    starter, member = member_of(community), member_of(community)
    topic = make_topic(community, starter, title="Tide tables")
    subscribe(user=starter, target=topic, frequency=Frequency.IMMEDIATE)
    address = reply_address(member, topic)
    raw = reply(to=address, sender=member.email,
                text=QUOTED.format(text="Posted through the worker."))  # fmt: skip

    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as client:
        assert client.sendmail(member.email, [address], raw) == {}

    wait_for(lambda: Post.objects.filter(topic=topic, is_opening=False).exists(),
             what="the reply in the thread")  # fmt: skip
    post = Post.objects.get(topic=topic, is_opening=False)
    assert post.author == member and post.body == "<p>Posted through the worker.</p>"
    assert InboundMessage.objects.get().status == InboundMessage.Status.POSTED
    [alert] = smtp_sink.wait_for(1, timeout=60)
    assert alert["To"] == starter.email
    assert alert["Reply-To"].startswith("reply+") and alert["Reply-To"].endswith(f"@{DOMAIN}")
    assert "Task inbound.tasks.process_message[" in celery_worker_process.log()


def test_a_refusal_reaches_the_sender_once(celery_worker_process, smtp_sink, receiver):
    community = CommunityFactory()
    member = member_of(community)
    topic = make_topic(community, member_of(community))
    address = reply_address(member, topic)
    raw = reply(to=address, sender="forger@example.org")

    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as client:
        client.sendmail("forger@example.org", [address], raw)
        client.sendmail("forger@example.org", [address], raw)  # delivered twice

    [answer] = smtp_sink.wait_for(1, timeout=60)
    assert answer["To"] == "forger@example.org"
    assert answer["Auto-Submitted"] == "auto-replied"
    time.sleep(2)
    assert len(smtp_sink.messages) == 1
    assert not Post.objects.filter(topic=topic, is_opening=False).exists()
