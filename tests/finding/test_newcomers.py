"""A newcomer's path: the checklist on the community home, the "Introduce yourself" topic,
the facilitator's first easy action, and first posts flagged so none goes unanswered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from finding import newcomers, services
from finding.models import FirstAction, FirstPost
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic
from tests.profiles.factories import person
from tests.wikis.worlds import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    community = CommunityFactory(name="Online Collaboration")
    facilitator = member_of(community, person("Fay Facilitator"), facilitator=True)
    return community, facilitator


def home(client, community):
    return client.get(community.get_absolute_url()).content.decode()


def test_a_newcomer_sees_the_checklist_until_every_step_is_done(client, place):
    community, facilitator = place
    services.intro_topic_switch(community=community, by=facilitator, on=True)
    page = make_page(community, "Start here", "start-here", [(facilitator, "<p>Hi</p>", "")])
    services.settings_save(
        community=community,
        by=facilitator,
        first_action=FirstAction.READ,
        starter_page=page,
        ask_after_hours=24,
    )
    newcomer = person("Nia Newcomer")
    community_services.membership_join(user=newcomer, community=community)
    client.force_login(newcomer)

    text = home(client, community)
    assert "Getting started in Online Collaboration" in text
    assert "Choose how to hear from the community" in text
    assert "Add your areas of expertise to your profile" in text
    intro = newcomers.settings_for(community).intro_topic
    assert intro.is_pinned
    assert reverse("forums:reply", kwargs={"slug": community.slug, "pk": intro.pk}) in text

    newcomer.profile.expertise_items.create(tag=_tag("social media"))
    reply(intro, newcomer, body="<p>Hello, I am Nia.</p>")
    response = client.post(reverse("finding:starter_read", kwargs={"slug": community.slug}))
    assert response.url == page.get_absolute_url()

    assert "Getting started in" not in home(client, community)


def _tag(name):
    from taggit.models import Tag

    return Tag.objects.get_or_create(name=name)[0]


def test_the_checklist_can_be_hidden_for_good(client, place):
    community, _ = place
    newcomer = person("Nia Newcomer")
    community_services.membership_join(user=newcomer, community=community)
    client.force_login(newcomer)
    client.post(reverse("finding:checklist_dismiss", kwargs={"slug": community.slug}))
    assert "Getting started in" not in home(client, community)


def test_members_who_joined_before_checklists_existed_see_none(client, place):
    community, _ = place
    old_hand = member_of(community)
    client.force_login(old_hand)
    assert "Getting started in" not in home(client, community)


def test_answer_a_question_is_done_by_any_reply_in_the_forum(client, place):
    community, facilitator = place
    services.settings_save(
        community=community,
        by=facilitator,
        first_action=FirstAction.ANSWER,
        starter_page=None,
        ask_after_hours=24,
    )
    newcomer = person("Nia Newcomer", expertise=["housing"])
    community_services.membership_join(user=newcomer, community=community)
    client.force_login(newcomer)
    assert "Answer a question someone has asked" in home(client, community)
    reply(topic(community, facilitator), newcomer)
    assert "Getting started in" not in home(client, community)


def test_a_first_post_is_flagged_for_facilitators_until_someone_replies(client, place):
    community, facilitator = place
    newcomer = person("Nia Newcomer")
    community_services.membership_join(user=newcomer, community=community)
    first = topic(community, newcomer, title="Hello from Nia")
    topic(community, newcomer, title="Second post")
    topic(community, facilitator, title="Facilitators are not newcomers")

    [flag] = FirstPost.objects.all()
    assert flag.post == first.opening_post
    client.force_login(facilitator)
    page = client.get(reverse("finding:manage", kwargs={"slug": community.slug})).content.decode()
    assert "First post</span>" in page and "Nia Newcomer's first post" in page

    reply(first, facilitator)
    assert newcomers.first_posts_awaiting_reply(community) == []


def test_newcomers_who_have_not_started(place):
    community, facilitator = place
    quiet = person("Quinn Quiet")
    busy = person("Bea Busy")
    for user in (quiet, busy):
        community_services.membership_join(user=user, community=community)
    topic(community, busy)
    long_ago = member_of(community, person("Old Olive"))
    Membership.objects.filter(user=long_ago).update(created=timezone.now() - timedelta(days=90))

    assert [m.user for m in newcomers.newcomers_not_started(community)] == [quiet]


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"first_action": "read", "ask_after_hours": "24"}, "Choose the page newcomers"),
        ({"first_action": "", "ask_after_hours": "0"}, "greater than or equal to 1"),
        ({"first_action": "", "ask_after_hours": "soon"}, "Enter a whole number"),
        ({"first_action": "dance", "ask_after_hours": "24"}, "Select a valid choice"),
        ({"first_action": "", "ask_after_hours": "9999"}, "less than or equal to 336"),
    ],
)
def test_bad_settings_are_shown_again_with_what_was_typed(client, place, bad, message):
    community, facilitator = place
    client.force_login(facilitator)
    url = reverse("finding:manage", kwargs={"slug": community.slug})
    response = client.post(url, bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'value="{bad["ask_after_hours"]}"' in page


def test_the_facilitator_page_takes_a_constant_number_of_queries(
    client, place, django_assert_max_num_queries
):
    community, facilitator = place
    for n in range(5):
        newcomer = person(f"Newcomer {n}")
        community_services.membership_join(user=newcomer, community=community)
        topic(community, newcomer, title=f"Hello {n}")
    client.force_login(facilitator)
    with django_assert_max_num_queries(25):
        client.get(reverse("finding:manage", kwargs={"slug": community.slug}))


def test_the_checklist_takes_a_constant_number_of_queries(
    client, place, django_assert_max_num_queries
):
    community, facilitator = place
    services.intro_topic_switch(community=community, by=facilitator, on=True)
    newcomer = person("Nia Newcomer")
    community_services.membership_join(user=newcomer, community=community)
    from communities.rules import CommunityAccess

    access = CommunityAccess(newcomer, community)
    access.is_member  # noqa: B018  (loads the membership)
    newcomers.checklist(newcomer, community, access)  # warms what communities.sight caches
    with django_assert_max_num_queries(5):
        steps = newcomers.checklist(newcomer, community, access)
    assert [s.key for s in steps] == ["hear", "expertise", "introduce"]
