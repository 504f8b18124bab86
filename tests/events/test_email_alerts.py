"""The "Subscribe for email alerts" tool on a single event's page: follow the event (the alerts
app's subject subscription), and its comments come by email at the chosen frequency."""

import re

import pytest
from django.urls import reverse

from alerts.models import Frequency, Subscription
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

TOOL = '<form method="post" action="/alerts/subscribe/" class="subscribe">'


def tool_fields(page_html):
    """The hidden fields of the page's own subscribe form, as a browser would send them."""
    form = re.search(re.escape(TOOL) + "(.*?)</form>", page_html, re.S).group(1)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def follow(client, page_html, frequency):
    return client.post(
        reverse("alerts:subscribe"), {**tool_fields(page_html), "frequency": frequency}
    )


@pytest.fixture
def event(community, organiser):
    return EventFactory(community=community, created_by=organiser, title="Panel practice")


def test_following_an_event_from_its_page_brings_each_comment_by_email(
    client, community, event, mailoutbox, django_capture_on_commit_callbacks
):
    reader, commenter = member_of(community), member_of(community)
    client.force_login(reader)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Subscribe for email alerts for this event and its comments" in page

    response = follow(client, page, "immediate")

    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    subscription = Subscription.objects.get(user=reader)
    assert (subscription.target, subscription.feature) == (event, "")
    assert subscription.frequency == Frequency.IMMEDIATE
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You get email alerts for this event and its comments: <strong>Immediately</strong>" in (
        page
    )

    client.force_login(commenter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("comments:add", args=["event", event.pk]), {"body": "Is there parking?"}
        )
    [message] = [m for m in mailoutbox if m.to == [reader.email]]
    assert "Is there parking?" in message.body
    assert "because you follow the event “Panel practice” in Knowledge Management" in message.body


def test_following_a_cancelled_event_is_still_offered(client, community, event, organiser):
    """Comments stay open on a cancelled event ("is it rescheduled?"), so following does too."""
    from events import services

    services.event_cancel(event=event, user=organiser)
    client.force_login(member_of(community))
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Subscribe for email alerts for this event and its comments" in page


def test_an_outsider_cannot_follow_an_event_in_a_private_community(client):
    private = CommunityFactory(private=True)
    member = member_of(private)
    event = EventFactory(community=private, created_by=member)
    client.force_login(member)
    fields = tool_fields(client.get(event.get_absolute_url()).content.decode())

    client.force_login(member_of(CommunityFactory()))
    response = client.post(reverse("alerts:subscribe"), {**fields, "frequency": "daily"})

    assert response.status_code == 404
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"frequency": "hourly"},
        {"frequency": ""},
        {"target_id": "0"},
        {"target_id": "1 OR 1=1"},
        {"target": "\x00"},  # control characters are dropped: this is an empty target
        {"feature": "events"},  # an event has no features: only a community does
    ],
    ids=["unknown frequency", "no frequency", "id 0", "id not a number", "nul", "feature"],
)
def test_bad_input_to_the_tool_follows_nothing(client, community, event, bad):
    client.force_login(member_of(community))
    fields = {**tool_fields(client.get(event.get_absolute_url()).content.decode())}
    fields.update({"frequency": "daily", **bad})
    response = client.post(reverse("alerts:subscribe"), fields)
    assert response.status_code in (302, 404)
    assert not Subscription.objects.exists()
