"""The people finder says why each person matched, with evidence from answers chosen in the
forums, and never names a community the searcher cannot see."""

import pytest
from django.urls import reverse

from forums import services as forum_services
from forums.models import Topic
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


def answered(community, asker, expert, title):
    question = topic(community, asker, title=title, kind=Topic.Kind.QUESTION)
    answer = reply(question, expert)
    forum_services.answer_mark(topic=question, post=answer, by=asker)
    return question


def test_a_result_shows_answers_chosen_on_the_subject_in_a_community_i_can_see(client):
    searcher = person("Sam Searcher")
    expert = person("Chris Commissioner", expertise=["commissioning"])
    open_community = CommunityFactory(name="Adoption Policy CoP")
    asker = member_of(open_community)
    member_of(open_community, expert)
    for n in range(3):
        answered(open_community, asker, expert, f"Commissioning question {n}")
    secret = CommunityFactory(name="Secret Commissioners", private=True)
    secret_asker = member_of(secret)
    member_of(secret, expert)
    for n in range(5):
        answered(secret, secret_asker, expert, f"Commissioning secret {n}")

    client.force_login(searcher)
    page = client.get(reverse("profiles:finder"), {"expertise": "commissioning"}).content.decode()

    assert (
        "Matched on expertise: <em>commissioning</em>; 3 accepted answers in Adoption Policy CoP"
        in page
    )
    assert "Secret Commissioners" not in page


def test_the_finder_page_takes_a_constant_number_of_queries(client, django_assert_max_num_queries):
    searcher = person("Sam Searcher")
    community = CommunityFactory(name="Adoption Policy CoP")
    asker = member_of(community)
    for n in range(6):
        expert = person(f"Expert {n}", expertise=["commissioning"], interests=["commissioning"])
        member_of(community, expert)
        answered(community, asker, expert, f"Commissioning question {n}")
    client.force_login(searcher)
    with django_assert_max_num_queries(18):
        response = client.get(
            reverse("profiles:finder"), {"expertise": "commissioning", "interest": "commissioning"}
        )
    assert response.content.decode().count("accepted answer in Adoption Policy CoP") == 6


def test_the_evidence_follows_membership_and_the_forum_switch_at_once(client):
    """The rule behind the evidence is compiled once per searcher and state of sight: joining
    or leaving the community, and its forum switched off, show on the next search."""
    searcher = person("Sam Searcher")
    expert = person("Chris Commissioner", expertise=["commissioning"])
    secret = CommunityFactory(name="Secret Commissioners", private=True)
    asker = member_of(secret)
    member_of(secret, expert)
    answered(secret, asker, expert, "Commissioning secret")
    client.force_login(searcher)

    def evidence():
        page = client.get(reverse("profiles:finder"), {"expertise": "commissioning"})
        return "1 accepted answer in Secret Commissioners" in page.content.decode()

    assert not evidence()
    member_of(secret, searcher)
    assert evidence()
    secret.features = [key for key in secret.features if key != "forum"]
    secret.save()
    assert not evidence()
    secret.features = [*secret.features, "forum"]
    secret.save()
    assert evidence()
    secret.memberships.filter(user=searcher).delete()
    assert not evidence()
