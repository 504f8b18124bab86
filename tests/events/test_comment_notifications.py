"""A comment on an event rings the bell of whoever added the event, through the shared comments
mechanism (comments.services.comment_create → notify_reply), as for blog entries."""

import pytest
from django.urls import reverse

from communities.models import Membership
from notifications.models import Notification
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_comment_on_my_event_rings_my_bell(client, community, organiser):
    event = EventFactory(community=community, created_by=organiser, title="Panel practice")
    reader = member_of(community)
    reader.name = "Owen Hughes"
    reader.save()
    client.force_login(reader)

    response = client.post(
        reverse("comments:add", args=["event", event.pk]), {"body": "Is there parking nearby?"}
    )

    assert response.status_code == 302
    [notification] = Notification.objects.for_user(organiser)
    assert notification.kind == Notification.Kind.REPLY
    assert notification.actor == reader
    assert notification.summary == "Owen Hughes commented on “Panel practice”."
    # The link leads to the comment, which the organiser can open.
    client.force_login(organiser)
    landing = client.get(notification.url, follow=True)
    assert landing.status_code == 200
    assert "Is there parking nearby?" in landing.content.decode()


def test_commenting_on_my_own_event_notifies_nobody(organiser_client, community, organiser):
    event = EventFactory(community=community, created_by=organiser)
    organiser_client.post(
        reverse("comments:add", args=["event", event.pk]), {"body": "Agenda soon"}
    )
    assert not Notification.objects.exists()


def test_an_organiser_who_left_a_private_community_hears_nothing(client):
    community = CommunityFactory(private=True)
    organiser, reader = member_of(community), member_of(community)
    event = EventFactory(community=community, created_by=organiser)
    Membership.objects.filter(user=organiser, community=community).delete()
    client.force_login(reader)

    client.post(reverse("comments:add", args=["event", event.pk]), {"body": "Secret agenda"})

    assert not Notification.objects.for_user(organiser).exists()


def test_an_event_whose_organiser_has_gone_takes_comments_quietly(client, community):
    event = EventFactory(community=community, created_by=None)
    client.force_login(member_of(community))
    response = client.post(reverse("comments:add", args=["event", event.pk]), {"body": "Hello"})
    assert response.status_code == 302
    assert not Notification.objects.exists()
