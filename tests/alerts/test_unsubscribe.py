"""One-click unsubscribe (RFC 8058) from every alert and digest, without signing in."""

import pytest
from django.test import Client

from alerts.models import Frequency, Subscription
from alerts.services import subscribe, unsubscribe_token
from tests.accounts.factories import UserFactory
from tests.activity.factories import log, yesterday
from tests.alerts.factories import follower
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def unsubscribe_path(message):
    header = message.extra_headers["List-Unsubscribe"]
    return header.strip("<>").removeprefix("http://127.0.0.1:8000")


def test_the_digest_link_asks_first_then_turns_the_digest_off(client, run_digests):
    community = CommunityFactory()
    reader = follower(community)
    other = CommunityFactory()
    subscribe(user=reader, target=other, frequency=Frequency.WEEKLY)
    log(community=community, created=yesterday())
    [message] = run_digests("daily")
    path = unsubscribe_path(message)
    assert path in message.body  # the same link is in the email itself

    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    assert Subscription.objects.get(target_id=community.pk).frequency == Frequency.DAILY

    done = client.post(path)
    assert done.status_code == 200 and b"You have been unsubscribed" in done.content
    frequencies = dict(Subscription.objects.values_list("target_id", "frequency"))
    assert frequencies == {community.pk: Frequency.OFF, other.pk: Frequency.WEEKLY}
    log(community=community, created=yesterday())
    assert run_digests("daily") == []


def test_mail_clients_unsubscribe_in_one_click_without_a_session_or_csrf_token():
    community = CommunityFactory()
    reader = follower(community, Frequency.IMMEDIATE)
    subscription = Subscription.objects.get(user=reader)
    token = unsubscribe_token(user=reader, subscription=subscription)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        f"/alerts/unsubscribe/{token}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.OFF
    assert mail_client.post(f"/alerts/unsubscribe/{token}/").status_code == 200  # idempotent


def test_a_forged_or_altered_link_does_nothing(client):
    reader = follower(CommunityFactory())
    token = unsubscribe_token(user=reader, kind="daily")
    other = UserFactory()
    forged = token.replace(str(reader.pk), str(other.pk), 1)
    assert client.post(f"/alerts/unsubscribe/{forged}x/").status_code == 404
    assert client.get("/alerts/unsubscribe/not-a-token/").status_code == 404
    assert Subscription.objects.get(user=reader).frequency == Frequency.DAILY
