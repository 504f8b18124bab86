"""Facilitators see a community's stories and ask their authors before any is shared."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from tests.forums.factories import reply, topic
from tests.value.factories import story
from value.models import Sharing, Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(community, alice, bob):
    answer = reply(topic(community, bob), bob, body="<p>Here is our template.</p>")
    return story(answer, alice, helped_with="Saved me writing a policy.", amount="3", unit="days")


def stories_url(community, **query):
    url = reverse("value:stories", kwargs={"slug": community.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def ask(client, community, found):
    return client.post(reverse("value:ask", kwargs={"slug": community.slug, "pk": found.pk}))


def answer(client, found, value):
    return client.post(reverse("value:answer", kwargs={"pk": found.pk}), {"answer": value})


def test_facilitators_see_the_stories_and_ask_the_author_who_consents_on_their_own_page(
    client, community, facilitator, alice, told, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    html = client.get(stories_url(community)).content.decode()
    assert "Saved me writing a policy." in html and "Alice Adams" in html and "3 days" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, community, told)
    assert response.status_code == 302
    told.refresh_from_db()
    assert told.sharing == Sharing.ASKED and told.asked_by == facilitator
    bell = Notification.objects.get(user=alice)
    assert bell.url == reverse("value:story", kwargs={"pk": told.pk})
    [email] = mail.outbox
    assert email.to == [alice.email]
    assert "sponsors" in email.subject and "Saved me writing a policy." in email.body
    assert email.alternatives and bell.url in email.body

    client.force_login(alice)
    page = client.get(bell.url).content.decode()
    assert "Yes, it may be shared" in page and "Grace Facilitator" in page
    assert answer(client, told, "yes").status_code == 302
    told.refresh_from_db()
    assert told.sharing == Sharing.SHAREABLE

    client.force_login(facilitator)
    html = client.get(stories_url(community, show="shareable")).content.decode()
    assert "Saved me writing a policy." in html and "Ask to share it" not in html


def test_the_author_may_decline_or_withdraw_and_then_is_not_asked_again(
    client, community, facilitator, alice, told
):
    client.force_login(facilitator)
    ask(client, community, told)
    client.force_login(alice)
    answer(client, told, "no")
    told.refresh_from_db()
    assert told.sharing == Sharing.DECLINED
    client.force_login(facilitator)
    response = ask(client, community, told)
    assert response.status_code == 302
    assert Story.objects.get().sharing == Sharing.DECLINED
    client.force_login(alice)
    answer(client, told, "yes")  # they changed their mind
    assert Story.objects.get().sharing == Sharing.SHAREABLE
    answer(client, told, "no")  # and back: withdrawn
    assert Story.objects.get().sharing == Sharing.DECLINED


def test_nobody_consents_before_being_asked_and_only_the_author_answers(
    client, community, facilitator, alice, bob, told
):
    client.force_login(alice)
    answer(client, told, "yes")
    assert Story.objects.get().sharing == Sharing.PRIVATE
    client.force_login(bob)  # someone else: the story is not theirs to see
    assert client.get(reverse("value:story", kwargs={"pk": told.pk})).status_code == 404
    assert answer(client, told, "yes").status_code == 404
    client.force_login(facilitator)  # facilitators ask; they never answer for the author
    assert answer(client, told, "yes").status_code == 404


def test_a_story_without_words_cannot_be_asked_for(client, community, facilitator, alice, bob):
    answer_post = reply(topic(community, bob), bob)
    bare = story(answer_post, alice, helped_with="")
    client.force_login(facilitator)
    assert "Ask to share it" not in client.get(stories_url(community)).content.decode()
    ask(client, community, bare)
    assert Story.objects.get().sharing == Sharing.PRIVATE


def test_members_and_outsiders_do_not_see_the_stories_page(client, community, alice, outsider):
    for person in (alice, outsider):
        client.force_login(person)
        assert client.get(stories_url(community)).status_code == 403


def test_the_consent_email_goes_once_with_a_stable_message_id(
    community, facilitator, alice, told, django_capture_on_commit_callbacks
):
    from alerts.models import Delivery
    from value.models import ConsentEmail
    from value.services import story_ask
    from value.tasks import send_consent_email

    with django_capture_on_commit_callbacks(execute=True):
        story_ask(by=facilitator, story=told)
    send_consent_email.apply(args=[told.pk])  # redelivered by the broker: claimed already
    [email] = mail.outbox
    assert email.extra_headers["Message-ID"].startswith("<value-consent")
    assert ConsentEmail.objects.get(story=told).status == Delivery.SENT


def test_no_consent_email_once_the_author_has_answered(
    community, facilitator, alice, told, django_capture_on_commit_callbacks
):
    from value.services import story_answer, story_ask
    from value.tasks import send_consent_email

    story_ask(by=facilitator, story=told)  # its email not sent yet (no commit)
    story_answer(user=alice, story=Story.objects.get(pk=told.pk), consent=False)
    send_consent_email.apply(args=[told.pk])
    assert mail.outbox == []
