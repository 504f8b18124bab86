"""The facilitators' "This week" page shows newcomers who have not started, first posts waiting
for a reply, and "ask the people who know" beside a waiting question."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from forums.models import Topic
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


def test_this_week_carries_the_newcomer_blocks_and_asking(client):
    community = CommunityFactory(name="Online Collaboration")
    facilitator = member_of(community, person("Fay Facilitator"), facilitator=True)
    quiet, poster = person("Quinn Quiet"), person("Pat Poster")
    for user in (quiet, poster):
        community_services.membership_join(user=user, community=community)
    question = topic(community, poster, title="Hello, a question", kind=Topic.Kind.QUESTION)
    Topic.objects.filter(pk=question.pk).update(created=timezone.now() - timedelta(days=3))

    client.force_login(facilitator)
    page = client.get(reverse("facilitation:week", kwargs={"slug": community.slug}))
    text = page.content.decode()

    assert page.status_code == 200
    assert "First posts waiting for a reply (1)" in text and "Pat Poster's first post" in text
    assert "Newcomers who have not started (1)" in text and "Quinn Quiet" in text
    ask = reverse("finding:ask", kwargs={"slug": community.slug, "pk": question.pk})
    assert ask in text
