"""The weekly facilitator email through the real pipeline: beat's task on a Redis queue, a real
worker process, PostgreSQL, and SMTP to an in-process sink. A second beat run sends nothing."""

import time

import pytest

from facilitation.models import SentWeeklyEmail
from facilitation.tasks import send_weekly_emails
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipRequestFactory, member_of

pytestmark = pytest.mark.integration


def test_the_weekly_email_arrives_once_over_smtp(celery_worker_process, smtp_sink):
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    facilitator = member_of(
        community, UserFactory(email="fiona@example.org", name="Fiona"), facilitator=True
    )
    MembershipRequestFactory(community=community, user=UserFactory(name="Rob Requester"))

    send_weekly_emails.delay()

    [message] = smtp_sink.wait_for(1, timeout=60)
    assert message["To"] == facilitator.email
    assert message["Subject"].startswith("This week in Adoption Policy CoP: 1 request")
    assert message["Message-ID"].startswith("<weekly.")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    for part in (text, html):
        assert "Rob Requester" in part
        assert f"http://127.0.0.1:8000/c/{community.slug}/this-week/" in part

    send_weekly_emails.delay()
    celery_worker_process.wait_for_log("send_weekly_emails", timeout=30)
    time.sleep(3)  # room for a second copy to arrive, if the code were wrong
    assert len(smtp_sink.messages) == 1
    assert SentWeeklyEmail.objects.get().status == "sent"
