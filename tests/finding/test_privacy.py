"""Recommendations, the finder's reasons and routing never reveal a private community's name,
members or content to someone outside it. Canary tokens are planted in private names, words
and questions; every page fetched and every email sent in these tests is scanned for them
(tests/permissions/canary.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership
from finding import recommend, routing, services
from forums.models import Topic
from notifications.models import Notification
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


def members_of(community):
    def visible_to(user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_staff or user.is_superuser:
            return True
        return Membership.objects.filter(user=user, community=community).exists()

    return visible_to


@pytest.fixture
def secret(canaries):
    """A private community about housing (listed by name in the directory, by design; its words
    are secret) and a public sub-community of it (secret, name and all)."""
    private = CommunityFactory(name="Housing Secret", private=True)
    private.domain = "housing " + canaries.plant(
        visible_to=members_of(private), description="words"
    )
    private.save()
    sub = CommunityFactory(name="Housing Sub", parent=private)
    sub.name = "Housing Sub " + canaries.plant(visible_to=members_of(private), description="sub")
    sub.save()
    insider = member_of(private, person("Ines Insider", expertise=["housing"]))
    member_of(sub, insider)
    recommend.refresh_terms(private)
    recommend.refresh_terms(sub)
    return private, sub, insider


def test_an_outsider_is_never_recommended_nor_told_of_a_private_community(client, secret):
    private, sub, insider = secret
    outsider = person("Olu Outsider", interests=["housing"])
    assert recommend.recommend(outsider) == [] or all(
        r.community not in (private, sub) for r in recommend.recommend(outsider)
    )
    client.force_login(outsider)
    client.get("/")
    client.get(reverse("communities:directory"))


def test_a_member_of_the_private_parent_may_be_recommended_its_public_sub_community(client, secret):
    private, sub, _ = secret
    reader = member_of(private, person("Rae Reader", interests=["housing"]))
    assert [r.community for r in recommend.recommend(reader)] == [sub]
    client.force_login(reader)
    assert "Housing Sub" in client.get("/").content.decode()


def test_dismissing_a_community_one_cannot_see_is_hidden(client, secret):
    private, _, _ = secret
    client.force_login(person("Olu Outsider"))
    response = client.post(reverse("finding:dismiss", kwargs={"slug": private.slug}))
    assert response.status_code == 404


def test_a_private_question_is_routed_only_to_people_inside_and_the_email_stays_inside(
    client, secret, canaries, django_capture_on_commit_callbacks
):
    private, _, insider = secret
    asker = member_of(private, person("Asha Asker"))
    title = "Housing question " + canaries.plant(
        visible_to=members_of(private), description="question"
    )
    question = topic(private, asker, title=title, kind=Topic.Kind.QUESTION)
    Topic.objects.filter(pk=question.pk).update(created=timezone.now() - timedelta(days=2))
    question.refresh_from_db()
    person("Olu Outsider", expertise=["housing"])

    assert [s.user for s in routing.suggest(question, by=asker)] == [insider]
    client.force_login(asker)
    client.get(reverse("finding:ask", kwargs={"slug": private.slug, "pk": question.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        services.ask_send(topic=question, person=insider, by=asker)
    assert [m.to for m in mail.outbox] == [[insider.email]]
    assert Notification.objects.filter(user=insider).count() == 1


def test_the_email_is_not_sent_to_someone_who_can_no_longer_see_the_question(secret, canaries):
    from finding.models import Ask
    from finding.tasks import send_ask_email

    private, _, insider = secret
    asker = member_of(private, person("Asha Asker"))
    title = "Housing " + canaries.plant(visible_to=members_of(private), description="left")
    question = topic(private, asker, title=title, kind=Topic.Kind.QUESTION)
    ask = Ask.objects.create(topic=question, community=private, person=insider, asked_by=asker)
    Membership.objects.filter(user=insider).delete()
    assert send_ask_email(ask.pk) == 0
    assert mail.outbox == []
