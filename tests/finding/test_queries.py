"""My home and the directory show recommendations in the same number of queries whatever the
number of communities and matching terms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.communities.factories import member_of
from tests.finding.factories import community_about
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


def count(client, url):
    client.get(url)  # warm: caches of content types and the visibility rule
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/", "/communities/"])
def test_the_recommendations_block_costs_the_same_for_2_and_12_communities(client, url):
    me = person(interests=["housing", "planning"], expertise=["social media"])
    client.force_login(me)
    for n in range(2):
        member_of(community_about(f"Housing {n}", domain="housing and planning"), person())
    small = count(client, url)
    for n in range(2, 12):
        member_of(community_about(f"Housing {n}", domain="housing and planning"), person())
    assert count(client, url) == small
    assert "Because you listed" in client.get(url).content.decode()


def test_the_empty_profile_block_costs_the_same_too(client):
    me = person()
    client.force_login(me)
    community_about("Housing 0", domain="housing")
    small = count(client, reverse("communities:directory"))
    for n in range(1, 8):
        community_about(f"Housing {n}", domain="housing")
    assert count(client, reverse("communities:directory")) == small
