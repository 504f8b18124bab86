"""Queries per page stay small and do not grow with the number of people, messages or tags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles import services
from profiles.models import Contact
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.profiles.factories import ProfileFactory, conversation, give_photo, person

pytestmark = pytest.mark.django_db

TAGS = ["adoption policy", "procurement", "knowledge management", "social value", "panels"]


def queries(client, url, data=None):
    """Queries of a page in the steady state: a first visit warms what communities.sight
    caches (renewed whenever the test adds communities or memberships)."""
    client.get(url, data or {})
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def me(client):
    user = person("Mina Member", expertise=TAGS[:2], interests=TAGS[2:4])
    client.force_login(user)
    return user


def add_people(me, count, community):
    for n in range(count):
        user = person(f"Person {n:03d}", expertise=TAGS, interests=TAGS[:2])
        member_of(community, user)
        if n % 2:
            services.contact_add(owner=me, contact=user)
            services.contact_add(owner=user, contact=me)
        if n % 3 == 0:
            give_photo(user)
    # People no list may show, who would otherwise match, share tags and be my contacts: an
    # account that never verified its email address and a deactivated one.
    unverified = UserFactory(name=f"Unverified {count:03d}", verified=False)
    deactivated = person(f"Deactivated {count:03d}", expertise=TAGS, interests=TAGS[:2])
    ProfileFactory(user=unverified, expertise=TAGS, interests=TAGS[:2])
    for user in (unverified, deactivated):
        member_of(community, user)
        Contact.objects.create(owner=me, contact=user)
        Contact.objects.create(owner=user, contact=me)
    deactivated.is_active = False
    deactivated.save()


# Page: (url name, GET params, max queries). Queries counted include the session, the user
# and the unread counts in the navigation (messages, notifications). The finder: service areas
# for the form, matching tag ids (one per tag criterion), capped count, page, its users, their
# expertise, contact relations, shared communities; for a tag search, the answers chosen on the
# subject (finding's explainer: matching tags, one grouped query).
FINDER_PAGES = [
    ("profiles:finder", {}, 12),
    ("profiles:finder", {"expertise": "adoption", "region": "yorkshire", "name": "person"}, 15),
    ("profiles:finder", {"name": "pe"}, 12),
    ("profiles:like_me", {}, 14),
    ("profiles:contacts", {}, 11),
]


@pytest.mark.parametrize("url_name, params, limit", FINDER_PAGES)
def test_people_lists_use_the_same_few_queries_for_3_or_20_people(
    client, me, url_name, params, limit
):
    community = CommunityFactory()
    member_of(community, me)
    add_people(me, 3, community)
    few = queries(client, reverse(url_name), params)
    add_people(me, 17, community)
    many = queries(client, reverse(url_name), params)
    assert many <= limit
    assert few == many


def test_a_profile_page_costs_the_same_whatever_the_person_has(client, me):
    CommunityFactory()  # one the viewer can see (an empty list would skip a query)
    priya = person("Priya Shah", expertise=TAGS[:1], interests=TAGS[:1])
    url = reverse("profiles:detail", args=[priya.username])
    few = queries(client, url)
    busy = person(
        "Busy Person", expertise=TAGS, interests=TAGS, service_areas=["Health", "Planning"]
    )
    for n in range(5):
        member_of(CommunityFactory(name=f"Community {n}"), busy)
    give_photo(busy)
    many = queries(client, reverse("profiles:detail", args=[busy.username]))
    assert many <= 14
    assert few == many


def test_the_inbox_costs_the_same_for_2_or_25_conversations(client, me):
    for n in range(2):
        conversation(person(f"Sender {n}"), me, subject=f"Subject {n}")
    few = queries(client, reverse("profiles:inbox"))
    for n in range(2, 25):
        other = person(f"Sender {n}")
        if n % 4 == 0:
            give_photo(other)
        conversation(other, me, subject=f"Subject {n}")
    many = queries(client, reverse("profiles:inbox"))
    assert many <= 8
    assert few == many


def test_a_conversation_costs_the_same_for_2_or_40_messages(client, me, settings):
    settings.PROFILES_MESSAGE_RATE_LIMIT = (1000, 600)
    fran = person("Fran Facilitator")
    convo = conversation(me, fran)
    services.message_send(sender=fran, conversation=convo, body="reply")
    few = queries(client, convo.get_absolute_url())
    for n in range(38):
        services.message_send(sender=fran if n % 2 else me, conversation=convo, body=f"m{n}")
    many = queries(client, convo.get_absolute_url())
    assert many <= 14
    assert few == many


def test_my_profile_and_my_communities_pages_are_cheap(client, me):
    for n in range(4):
        member_of(CommunityFactory(name=f"Community {n}"), me)
    count = queries(client, reverse("profiles:me"))
    assert count <= 9
    count = queries(client, reverse("profiles:my_communities"))
    assert count <= 7
