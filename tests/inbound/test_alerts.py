"""The reply address on immediate alerts: per person and item, only where a reply can go."""

import re

import pytest
from django.core import mail

from activity.models import Verb
from alerts.models import Frequency
from alerts.replyto import read_token
from tests.activity.factories import log
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply
from tests.forums.factories import topic as make_topic

pytestmark = pytest.mark.django_db


def alerts_for(community, action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action()
    return {message.to[0]: message for message in mail.outbox}


def test_each_alert_about_a_reply_carries_its_readers_own_address(
    django_capture_on_commit_callbacks, reply_domain
):
    community = CommunityFactory()
    first = follower(community, Frequency.IMMEDIATE)
    second = follower(community, Frequency.IMMEDIATE)
    starter = member_of(community)
    topic = make_topic(community, starter, title="Tide tables")
    mail.outbox.clear()

    sent = alerts_for(community, lambda: reply(topic, starter), django_capture_on_commit_callbacks)

    addresses = {}
    for person in (first, second):
        message = sent[person.email]
        [address] = message.reply_to
        assert re.fullmatch(rf"reply\+[0-9a-z-]+@{re.escape(reply_domain)}", address)
        assert len(address.split("@")[0]) <= 64
        target = read_token(address.split("+", 1)[1].split("@")[0])
        assert (target.user_id, target.object_id) == (person.pk, topic.pk)
        assert "Reply to this email to post your reply." in message.body
        assert "Reply to this email to post your reply." in message.alternatives[0][0]
        addresses[person.pk] = address
    assert addresses[first.pk] != addresses[second.pk]


def test_no_reply_address_while_the_feature_is_off(django_capture_on_commit_callbacks, settings):
    settings.REPLY_DOMAIN = ""
    community = CommunityFactory()
    reader = follower(community, Frequency.IMMEDIATE)
    starter = member_of(community)
    sent = alerts_for(
        community, lambda: make_topic(community, starter), django_capture_on_commit_callbacks
    )
    message = sent[reader.email]
    assert message.reply_to == [] and "Reply to this email" not in message.body


def test_no_reply_address_where_no_reply_can_go(django_capture_on_commit_callbacks):
    community = CommunityFactory()
    reader = follower(community, Frequency.IMMEDIATE)
    sent = alerts_for(
        community,
        lambda: log(community=community, verb=Verb.STAGE_CHANGED, subject=community),
        django_capture_on_commit_callbacks,
    )
    message = sent[reader.email]
    assert message.reply_to == [] and "Reply to this email" not in message.body


def test_no_reply_address_for_someone_who_may_not_post_there(django_capture_on_commit_callbacks):
    community = CommunityFactory()  # public: anyone signed in may follow and read it
    reader = follower(community, Frequency.IMMEDIATE, member=False)
    member = follower(community, Frequency.IMMEDIATE)
    starter = member_of(community)
    sent = alerts_for(
        community, lambda: make_topic(community, starter), django_capture_on_commit_callbacks
    )
    assert sent[reader.email].reply_to == []
    assert "Reply to this email" not in sent[reader.email].body
    assert len(sent[member.email].reply_to) == 1


def test_no_reply_address_about_a_locked_topic(django_capture_on_commit_callbacks):
    from forums.services import topic_set_locked

    community = CommunityFactory()
    reader = follower(community, Frequency.IMMEDIATE)
    facilitator = member_of(community, facilitator=True)
    topic = make_topic(community, facilitator)
    topic_set_locked(topic=topic, by=facilitator, locked=True)
    mail.outbox.clear()
    sent = alerts_for(
        community, lambda: reply(topic, facilitator), django_capture_on_commit_callbacks
    )
    assert sent[reader.email].reply_to == []
