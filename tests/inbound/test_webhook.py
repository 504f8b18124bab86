"""The hosted-provider webhook (django-anymail; Postmark in the test settings)."""

import base64
import json

import pytest
from django.urls import reverse

from forums.models import Post
from inbound.models import InboundMessage
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic as make_topic
from tests.inbound.mail import reply, reply_address

pytestmark = pytest.mark.django_db

URL = "/inbound/anymail/"


def auth(secret="inbound:test-webhook-secret"):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def payload(raw, recipient):
    return json.dumps(
        {
            "RawEmail": raw.decode(),
            "OriginalRecipient": recipient,
            "Headers": [{"Name": "Return-Path", "Value": "<mei@example.org>"}],
        }
    )


@pytest.fixture
def thread():
    community = CommunityFactory()
    topic = make_topic(community, member_of(community), title="Tide tables")
    return topic, member_of(community)


def test_the_url_is_ours():
    assert reverse("inbound:anymail") == URL


def test_a_reply_posted_by_the_provider_appears_in_the_thread(
    client, thread, django_capture_on_commit_callbacks
):
    topic, member = thread
    address = reply_address(member, topic)
    body = payload(reply(to=address, sender=member.email, text="By the webhook."), address)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, body, content_type="application/json", **auth())
    assert response.status_code == 200
    row = InboundMessage.objects.get()
    assert (row.via, row.status, row.recipient) == ("webhook", "posted", address)
    assert Post.objects.get(topic=topic, is_opening=False).body == "<p>By the webhook.</p>"


@pytest.mark.parametrize("credentials", [{}, auth("inbound:wrong")])
def test_requests_without_the_secret_are_refused(client, thread, credentials):
    topic, member = thread
    address = reply_address(member, topic)
    body = payload(reply(to=address, sender=member.email), address)
    response = client.post(URL, body, content_type="application/json", **credentials)
    assert response.status_code == 400
    assert not InboundMessage.objects.exists()


def test_signed_in_members_are_refused_too(client, thread):
    topic, member = thread
    client.force_login(member)
    address = reply_address(member, topic)
    body = payload(reply(to=address, sender=member.email), address)
    assert client.post(URL, body, content_type="application/json").status_code == 400
    assert not InboundMessage.objects.exists()


@pytest.mark.parametrize(
    "change", [{"INBOUND_ANYMAIL_ESP": ""}, {"ANYMAIL": {"WEBHOOK_SECRET": ""}}]
)
def test_without_a_provider_and_a_secret_the_webhook_does_not_exist(
    client, thread, settings, change
):
    for name, value in change.items():
        setattr(settings, name, value)
    topic, member = thread
    address = reply_address(member, topic)
    body = payload(reply(to=address, sender=member.email), address)
    response = client.post(URL, body, content_type="application/json", **auth())
    assert response.status_code == 404
    assert not InboundMessage.objects.exists()
