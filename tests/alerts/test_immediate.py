"""Immediate alerts: sent after the action commits, to those who chose "immediately", once."""

import pytest
from django.core import mail

from activity.models import Activity, Verb
from alerts.models import Frequency, SentAlert
from alerts.services import preferences_update, subscribe
from alerts.tasks import send_immediate_alerts
from communities.models import Membership
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, stand_in
from tests.alerts.conftest import leads_to
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def post(community, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return log(community=community, **kwargs)


def test_immediate_followers_hear_straight_away_and_nobody_else(
    django_capture_on_commit_callbacks,
):
    community = CommunityFactory(name="Knowledge Management")
    eager = follower(community, Frequency.IMMEDIATE, user=UserFactory(email="eager@example.org"))
    follower(community, Frequency.DAILY)
    follower(community, Frequency.OFF)
    author = follower(community, Frequency.IMMEDIATE, user=UserFactory(name="Mei Chen"))

    row = post(community, django_capture_on_commit_callbacks, actor=author,
               title="Taxonomy workshop", excerpt="Slides attached.")  # fmt: skip

    [message] = mail.outbox
    assert message.to == [eager.email]
    assert message.subject == "Mei Chen started a topic: Taxonomy workshop (Knowledge Management)"
    assert "Slides attached." in message.body
    assert f"http://127.0.0.1:8000{row.url}" in leads_to(message.body)
    assert "you follow Knowledge Management" in message.body
    assert "http://127.0.0.1:8000/alerts/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Taxonomy workshop" in message.alternatives[0][0]


def test_nothing_is_sent_for_a_rolled_back_action(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    follower(community, Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        log(community=community)
    assert callbacks and mail.outbox == []  # queued only for after the commit


def test_a_retried_task_never_sends_the_same_alert_twice(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    follower(community, Frequency.IMMEDIATE)
    row = post(community, django_capture_on_commit_callbacks)
    send_immediate_alerts.delay(row.pk)
    assert len(mail.outbox) == 1
    assert SentAlert.objects.count() == 1


def test_visibility_is_checked_again_when_sending(canaries, django_capture_on_commit_callbacks):
    private = CommunityFactory(private=True)
    topic = stand_in(private)
    removed = follower(private, Frequency.IMMEDIATE)
    subscribe(user=removed, target=topic, frequency=Frequency.IMMEDIATE)
    Membership.objects.filter(user=removed).delete()
    insider = follower(private, Frequency.IMMEDIATE)
    token = canaries.plant(
        visible_to=lambda user: user is not None and user.pk == insider.pk, description="reply"
    )
    post(private, django_capture_on_commit_callbacks, verb=Verb.REPLY_POSTED, subject=topic,
         title=f"Reply {token}")  # fmt: skip
    assert [m.to for m in mail.outbox] == [[insider.email]]


def test_following_one_topic_immediately_sends_its_replies_only(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    reader = UserFactory()
    topic = stand_in(community)
    subscribe(user=reader, target=topic, frequency=Frequency.IMMEDIATE)
    post(community, django_capture_on_commit_callbacks, verb=Verb.REPLY_POSTED, subject=topic,
         title="The topic I follow")  # fmt: skip
    post(community, django_capture_on_commit_callbacks, title="Another topic")
    assert [m.subject.split(" (")[0].split(" replied to ")[1] for m in mail.outbox] == [
        "The topic I follow"
    ]


def test_paused_members_and_membership_news_send_nothing(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    paused = follower(community, Frequency.IMMEDIATE)
    preferences_update(user=paused, default_frequency=Frequency.DAILY, paused=True)
    follower(community, Frequency.IMMEDIATE)
    post(community, django_capture_on_commit_callbacks, verb=Verb.MEMBER_JOINED, subject=community)
    assert mail.outbox == []
    post(community, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert Activity.objects.count() == 2
