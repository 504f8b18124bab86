"""The weekly facilitator email: the same blocks in short, once per facilitator, community and
week, only when there is something to do or something changed; opt-out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import Delivery
from facilitation import weekly
from facilitation.models import SentWeeklyEmail, WeeklyEmailOptOut
from facilitation.tasks import send_weekly_emails
from forums.models import Post, Topic
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipRequestFactory, member_of
from tests.forums.factories import topic

pytestmark = pytest.mark.django_db


def run():
    before = len(mail.outbox)
    send_weekly_emails.delay()
    return mail.outbox[before:]


def waiting_request(community, name="Rob Requester"):
    return MembershipRequestFactory(
        community=community, user=UserFactory(name=name), reason="I run a panel."
    )


def old_topic(community, author, title):
    item = topic(community, author, title=title)
    when = timezone.now() - timedelta(days=3)
    Topic.objects.filter(pk=item.pk).update(created=when)
    Post.objects.filter(topic=item).update(created=when)
    return item


def test_a_facilitator_gets_the_week_in_short_with_links_once():
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    facilitator = member_of(community, UserFactory(name="Fiona"), facilitator=True)
    waiting_request(community)

    [message] = run()

    assert message.to == [facilitator.email]
    assert message.subject.startswith("This week in Adoption Policy CoP: 1 request")
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Membership requests waiting: 1" in part and "Rob Requester" in part
        assert f"http://127.0.0.1:8000/c/{community.slug}/this-week/" in part
        assert "Time to first reply (median)" in part
    week = weekly.week_of()
    assert message.extra_headers["Message-ID"] == weekly.weekly_message_id(
        community.pk, week, facilitator.pk
    )
    row = SentWeeklyEmail.objects.get()
    assert (row.user, row.community, row.week_start, row.status) == (
        facilitator,
        community,
        week,
        Delivery.SENT,
    )
    assert run() == []  # the second beat run of the week sends nothing


def test_nothing_to_do_and_no_change_sends_nothing():
    community = CommunityFactory()
    member_of(community, facilitator=True)
    from communities.models import Membership

    Membership.objects.filter(community=community).update(
        created=timezone.now() - timedelta(days=60)
    )
    assert run() == []
    assert not SentWeeklyEmail.objects.exists()


def test_facilitators_who_opted_out_get_nothing_and_others_still_do():
    community = CommunityFactory()
    staying = member_of(community, facilitator=True)
    leaving = member_of(community, facilitator=True)
    WeeklyEmailOptOut.objects.create(user=leaving, community=community)
    waiting_request(community)
    assert [m.to for m in run()] == [[staying.email]]


def test_closed_down_communities_send_no_weekly_email():
    community = CommunityFactory(archived=True)
    member_of(community, facilitator=True)
    waiting_request(community)
    assert run() == []


def test_a_facilitator_of_a_sees_nothing_of_b(canaries):
    a = CommunityFactory(name="Community A", private=True)
    b = CommunityFactory(name="Community B", private=True)
    only_a = member_of(a, UserFactory(name="Only A"), facilitator=True)
    only_b = member_of(b, UserFactory(name="Only B"), facilitator=True)
    secret = canaries.plant(
        visible_to=lambda user: user.is_staff or b.memberships.filter(user=user).exists(),
        description="B's unanswered topic",
    )
    old_topic(b, member_of(b), f"Private question {secret}")
    waiting_request(a)

    messages = run()

    by_recipient = {message.to[0]: message for message in messages}
    assert set(by_recipient) == {only_a.email, only_b.email}
    assert secret not in by_recipient[only_a.email].body
    assert secret in by_recipient[only_b.email].body
