"""The SMTP/LMTP receiver, end to end: a real SMTP client talks to it over a socket, and the
reply appears in the thread (processing runs eagerly here, as with the worker in production)."""

import smtplib
import socket

import pytest
from django.core import mail

from forums.models import Post
from inbound.models import InboundMessage
from inbound.receiver import InboundController
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic as make_topic
from tests.inbound.conftest import DOMAIN
from tests.inbound.mail import QUOTED, reply, reply_address

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def receiver(request):
    lmtp = getattr(request, "param", False)
    controller = InboundController(hostname="127.0.0.1", port=free_port(), lmtp=lmtp)
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def thread():
    community = CommunityFactory()
    starter = member_of(community)
    topic = make_topic(community, starter, title="Tide tables")
    return topic, member_of(community)


def test_a_reply_sent_over_smtp_appears_in_the_thread(receiver, thread):
    topic, member = thread
    address = reply_address(member, topic)
    raw = reply(to=address, sender=member.email,
                text=QUOTED.format(text="Posted by email, over SMTP."))  # fmt: skip

    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as client:
        refused = client.sendmail(member.email, [address], raw)

    assert refused == {}
    [post] = Post.objects.filter(topic=topic, is_opening=False)
    assert post.author == member and post.body == "<p>Posted by email, over SMTP.</p>"
    assert InboundMessage.objects.get().status == InboundMessage.Status.POSTED


@pytest.mark.parametrize("receiver", [True], indirect=True)
def test_the_receiver_speaks_lmtp(receiver, thread):
    topic, member = thread
    address = reply_address(member, topic)
    with smtplib.LMTP(receiver.hostname, receiver.port, timeout=10) as client:
        client.sendmail(member.email, [address], reply(to=address, sender=member.email))
    assert Post.objects.filter(topic=topic, is_opening=False, author=member).count() == 1


def test_other_addresses_are_refused_at_rcpt(receiver):
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as client:
        client.ehlo()
        client.mail("someone@example.org")
        code, _ = client.rcpt(f"postmaster@{DOMAIN}")
        assert code == 550
        code, _ = client.rcpt("victim@elsewhere.example")
        assert code == 550
    assert not InboundMessage.objects.exists()


def test_a_refusal_over_smtp_sends_one_answer(receiver, thread):
    topic, member = thread
    address = reply_address(member, topic)
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as client:
        client.sendmail("x@example.org", [address], reply(to=address, sender="x@example.org"))
    row = InboundMessage.objects.get()
    assert (row.status, row.reason) == ("refused", "not_your_address")
    assert [m.to for m in mail.outbox] == [["x@example.org"]]


def test_a_message_over_twice_the_limit_is_refused_by_smtp(thread, settings):
    topic, member = thread
    settings.INBOUND_MAX_BYTES = 2000
    controller = InboundController(hostname="127.0.0.1", port=free_port())
    controller.start()
    address = reply_address(member, topic)
    try:
        with smtplib.SMTP(controller.hostname, controller.port, timeout=10) as client:
            client.ehlo()
            assert client.esmtp_features["size"] == "4000"
            with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as refused:
                huge = reply(to=address, sender=member.email, text="x" * 9000)
                client.sendmail(member.email, [address], huge)
            assert refused.value.smtp_code == 552
    finally:
        controller.stop()
    assert not InboundMessage.objects.exists()


def test_a_bounce_with_the_null_sender_gets_no_answer(receiver, thread):
    topic, member = thread
    address = reply_address(member, topic)
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as client:
        client.sendmail("", [address], reply(to=address, sender=member.email, text="Bounced"))
    row = InboundMessage.objects.get()
    assert (row.status, row.reason, row.envelope_sender) == ("ignored", "automatic", "<>")
    assert mail.outbox == [] and not Post.objects.filter(topic=topic, is_opening=False).exists()
