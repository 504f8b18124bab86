"""Ask the right people: who is suggested for a question nobody has replied to, the one
notification and email an ask sends, the limits, "not now" and opting out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import Invalid, NotAllowed
from finding import routing, services
from finding.models import Ask, AskEmail, AskPreference
from forums import services as forum_services
from forums.models import Topic
from notifications.models import Notification
from tags.services import tag_add
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


def question(community, asker, title="How do we run a social media campaign?", hours=30):
    found = topic(community, asker, title=title, kind=Topic.Kind.QUESTION)
    Topic.objects.filter(pk=found.pk).update(created=timezone.now() - timedelta(hours=hours))
    found.refresh_from_db()
    return found


@pytest.fixture
def place():
    community = CommunityFactory(name="Online Collaboration")
    asker = member_of(community, person("Asha Asker"))
    facilitator = member_of(
        community, person("Fay Facilitator", expertise=["social media"]), facilitator=True
    )
    return community, asker, facilitator


def names(suggestions):
    return [s.user.display_name for s in suggestions]


def test_people_whose_expertise_matches_the_question_are_suggested_best_first(place):
    community, asker, facilitator = place
    both = member_of(community, person("Bo Both", expertise=["social media", "campaign"]))
    person("Nell Nomatch", expertise=["procurement"])
    waiting = question(community, asker)

    found = routing.suggest(waiting, by=asker)

    assert names(found) == ["Bo Both", "Fay Facilitator"]
    assert found[0].expertise == ["campaign", "social media"]
    assert both.pk != facilitator.pk


def test_past_helpful_answers_on_tagged_questions_count(place):
    community, asker, facilitator = place
    helper = member_of(community, person("Hal Helper"))
    old = topic(community, asker, title="Old one", kind=Topic.Kind.QUESTION)
    tag_add(user=asker, item=old, names="social media")
    answer = reply(old, helper)
    forum_services.answer_mark(topic=old, post=answer, by=asker)
    waiting = question(community, asker)

    found = routing.suggest(waiting, by=asker)

    assert "Hal Helper" in names(found)
    assert [s.accepted for s in found if s.user == helper] == [1]


def test_nobody_who_cannot_see_the_question_opted_out_or_was_asked_three_times_is_suggested(place):
    community, asker, facilitator = place
    secret = CommunityFactory(name="Secret", private=True)
    waiting = question(secret, member_of(secret, asker))
    outsider = person("Olu Outsider", expertise=["social media"])  # cannot see the private one
    member_of(secret, facilitator)
    assert names(routing.suggest(waiting, by=asker)) == ["Fay Facilitator"]
    assert outsider not in [s.user for s in routing.suggest(waiting, by=asker)]

    AskPreference.objects.create(user=facilitator, may_be_asked=False)
    assert routing.suggest(waiting, by=asker) == []

    AskPreference.objects.filter(user=facilitator).update(may_be_asked=True)
    for n in range(3):
        other = question(community, asker, title=f"Social media question {n}")
        Ask.objects.create(topic=other, community=community, person=facilitator, asked_by=asker)
    assert routing.suggest(waiting, by=asker) == []


def test_asking_sends_one_notification_and_one_email_with_a_link_to_the_reply_box(
    place, django_capture_on_commit_callbacks
):
    community, asker, facilitator = place
    waiting = question(community, asker)

    with django_capture_on_commit_callbacks(execute=True):
        services.ask_send(topic=waiting, person=facilitator, by=asker)
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_send(topic=waiting, person=facilitator, by=asker)  # a second click

    [message] = mail.outbox
    reply_box = reverse("forums:reply", kwargs={"slug": community.slug, "pk": waiting.pk})
    assert message.to == [facilitator.email]
    assert "Asha Asker asks: could you help" in message.subject
    assert reply_box in message.body and reply_box in message.alternatives[0][0]
    assert AskEmail.objects.get().status == "sent"
    [notice] = Notification.objects.filter(user=facilitator)
    assert notice.url == reply_box


def test_the_email_is_claimed_once_even_when_the_task_runs_twice(place):
    from finding.tasks import send_ask_email

    community, asker, facilitator = place
    waiting = question(community, asker)
    services.ask_send(topic=waiting, person=facilitator, by=asker)
    ask = Ask.objects.get()
    send_ask_email(ask.pk)
    send_ask_email(ask.pk)
    assert len(mail.outbox) == 1


def test_only_the_asker_or_a_facilitator_may_ask_and_only_once_the_question_has_waited(place):
    community, asker, facilitator = place
    bystander = member_of(community, person("Bea Bystander"))
    waiting = question(community, asker)
    with pytest.raises(NotAllowed):
        services.ask_send(topic=waiting, person=facilitator, by=bystander)
    fresh = question(community, asker, title="Social media fresh", hours=1)
    with pytest.raises(Invalid):
        services.ask_send(topic=fresh, person=facilitator, by=asker)
    with pytest.raises(Invalid):
        services.ask_send(topic=waiting, person=bystander, by=asker)  # not a match


def test_the_ask_page_suggests_and_asks_with_one_click(client, place):
    community, asker, facilitator = place
    waiting = question(community, asker)
    client.force_login(asker)
    url = reverse("finding:ask", kwargs={"slug": community.slug, "pk": waiting.pk})
    page = client.get(url).content.decode()
    assert "Fay Facilitator" in page and "expertise: <em>social media</em>" in page
    assert facilitator.email not in page  # never a hidden contact detail

    response = client.post(url, {"person": facilitator.pk}, follow=True)
    assert "We asked Fay Facilitator to help." in response.content.decode()
    assert Ask.objects.filter(topic=waiting, person=facilitator).exists()


@pytest.mark.parametrize("bad", [{}, {"person": ""}, {"person": "x"}, {"person": "999999"}])
def test_a_bad_ask_says_what_is_wrong(client, place, bad):
    community, asker, _ = place
    waiting = question(community, asker)
    client.force_login(asker)
    url = reverse("finding:ask", kwargs={"slug": community.slug, "pk": waiting.pk})
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Choose someone from the list to ask." in response.content.decode()
    assert not Ask.objects.exists()


def test_not_now_and_opting_out(client, place):
    community, asker, facilitator = place
    waiting = question(community, asker)
    services.ask_send(topic=waiting, person=facilitator, by=asker)
    ask = Ask.objects.get()
    client.force_login(facilitator)
    url = reverse("finding:not_now", kwargs={"slug": community.slug, "pk": ask.pk})
    assert "Let “" in client.get(url).content.decode()
    client.post(url)
    ask.refresh_from_db()
    assert ask.declined_at is not None

    client.post(reverse("finding:preference"), {"may_be_asked": "no"})
    assert AskPreference.objects.get(user=facilitator).may_be_asked is False
    response = client.post(reverse("finding:preference"), {"may_be_asked": "maybe"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_the_asker_is_told_once_that_they_can_ask_people(place):
    from finding.tasks import nudge_askers

    community, asker, _ = place
    waiting = question(community, asker)
    question(community, asker, title="Too fresh", hours=1)
    assert nudge_askers() == 1
    assert nudge_askers() == 0
    [notice] = Notification.objects.filter(user=asker)
    assert notice.url == reverse("finding:ask", kwargs={"slug": community.slug, "pk": waiting.pk})


def test_facilitators_see_how_many_questions_were_routed_and_answered_after(client, place):
    community, asker, facilitator = place
    first = question(community, asker)
    second = question(community, asker, title="Another social media question")
    services.ask_send(topic=first, person=facilitator, by=asker)
    services.ask_send(topic=second, person=facilitator, by=asker)
    reply(first, facilitator)
    assert routing.routing_figures(community) == {"routed": 2, "answered": 1}
    client.force_login(facilitator)
    page = client.get(reverse("finding:manage", kwargs={"slug": community.slug})).content.decode()
    assert "So far 2 questions were routed to someone, and 1 got a reply after that." in page


def test_suggesting_takes_a_bounded_number_of_queries(place, django_assert_max_num_queries):
    community, asker, _ = place
    for n in range(10):
        member_of(community, person(f"Expert {n}", expertise=["social media"]))
    waiting = question(community, asker)
    with django_assert_max_num_queries(8 + routing.CHECKED * 2):
        assert len(routing.suggest(waiting, by=asker)) == 3
