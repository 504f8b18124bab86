"""A feature a community switches off is hidden through every channel, like a community the
reader cannot see; switching it back on brings its content back.

Each feature's content carries a canary token that may be seen only while its feature is on:
the canary harness fails the test if any page, feed or email shows it after the switch, to
anyone, site admins included.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activity.models import Activity
from alerts.immediate import send_for as send_immediate_alerts
from alerts.models import Frequency
from alerts.services import subscribe
from communities import services as community_services
from core import features as feature_registry
from events.models import Event
from feeds.services import token_create_or_regenerate
from search.query import SearchRequest, search
from tags.services import tag_add
from tests.accounts.factories import AdminFactory, UserFactory
from tests.blogs.factories import entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.forums.factories import reply, topic
from tests.polls.factories import PollFactory
from tests.search.helpers import committed
from tests.wikis.factories import page

pytestmark = pytest.mark.django_db

SWITCHED = ["forum", "wiki", "documents", "events", "blogs", "polls"]


class Switches:
    """Which features are on, as the test last set them: what the canaries may show."""

    def __init__(self):
        self.on = set(feature_registry.keys())

    def visible_while_on(self, feature, author=None):
        def visible_to(user):
            if not (user.is_authenticated and user.is_active):
                return False
            return feature in self.on or (author is not None and user.pk == author.pk)

        return visible_to


@pytest.fixture
def harbour(canaries, db):
    switches = Switches()
    community = CommunityFactory(name="Harbour Practice CoP")
    facilitator = member_of(community, UserFactory(name="Fran Facilitator"), facilitator=True)
    member = member_of(community, UserFactory(name="Alex Member"))
    # A blog entry stays on its author's own blog, whatever the communities it is published in.
    tokens = {
        key: canaries.plant(
            visible_to=switches.visible_while_on(key, member if key == "blogs" else None),
            description=key,
        )
        for key in SWITCHED
    }
    with committed():
        started = topic(community, member, title=f"Tide tables {tokens['forum']}")
        reply(started, facilitator, body=f"<p>@{member.username} tide answer</p>")
        wiki = page(community, member, title=f"Harbour glossary {tokens['wiki']}")
        doc = document(community, member, title=f"Mooring fees {tokens['documents']}")
        entry(member, title=f"Harbour diary {tokens['blogs']}", communities=[community])
        for item in (started, wiki, doc):
            tag_add(user=member, item=item, names="harbour")
    event = Event.objects.create(
        community=community,
        created_by=member,
        contact=member,
        title=f"Quay walk {tokens['events']}",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
        timezone="Europe/London",
    )
    with committed():
        from search.services import index_later

        index_later(event)
    PollFactory(
        community=community, created_by=facilitator, question=f"Best quay {tokens['polls']}"
    )
    return community, facilitator, member, switches, tokens


def switch(community, facilitator, switches, features):
    community_services.community_update(community=community, by=facilitator, features=features)
    switches.on = set(features)


def test_switched_off_features_vanish_from_every_channel_and_come_back(client, harbour):
    community, facilitator, member, switches, tokens = harbour
    reader = UserFactory(name="Olu Reader")
    admin = AdminFactory()
    subscribe(user=member, target=community, frequency=Frequency.IMMEDIATE)
    feed_token = token_create_or_regenerate(user=member).token
    everyone_off = [key for key in feature_registry.keys() if key not in SWITCHED]
    switch(community, facilitator, switches, everyone_off)

    for user in (member, reader, admin):
        client.force_login(user)
        # Search and tag pages: nothing of the switched-off features.
        for key, token in tokens.items():
            if not (key == "blogs" and user == member):
                assert not search(user, SearchRequest(q=token)).page(1).object_list
        for words in ("tide", "harbour", "mooring", "quay"):
            client.get(reverse("search:index") + f"?q={words}")
        client.get(reverse("tags:tag", args=["harbour"]))
        # Streams: What's happening, the community's activity, My home.
        client.get(reverse("activity:stream"))
        client.get(reverse("activity:community", args=[community.slug]))
        client.get(reverse("core:home"))
        client.get(reverse("activity:conversations"))
        client.get(reverse("notifications:index"))
        # The community home (its event and poll panels) and the features' own pages (404).
        assert client.get(community.get_absolute_url()).status_code == 200
        for url_name in ("forums:index", "wikis:index", "documents:index", "events:index"):
            assert client.get(reverse(url_name, args=[community.slug])).status_code == 404

    # Feeds and calendars read through the same rule.
    for name, kwargs in (
        ("feeds:forum", {"fmt": "rss"}),
        ("feeds:community_blog", {"fmt": "atom"}),
        ("feeds:events", {}),
    ):
        url = reverse(name, kwargs={"token": feed_token, "slug": community.slug, **kwargs})
        assert client.get(url).status_code == 404

    # Alerts: an immediate alert about the switched-off content is not sent; digests skip it.
    before = len(mail.outbox)
    for row in Activity.objects.filter(community=community).exclude(feature=""):
        send_immediate_alerts(row.pk)
    assert len(mail.outbox) == before
    visible = Activity.objects.visible_to(member).filter(community=community)
    assert not visible.exclude(feature="").exists()

    # Switching back on brings it all back.
    switch(community, facilitator, switches, feature_registry.keys())
    client.force_login(member)
    assert tokens["forum"] in client.get(reverse("notifications:index")).text
    for key in ("forum", "wiki", "documents", "events"):
        assert search(member, SearchRequest(q=tokens[key])).page(1).object_list
    assert tokens["forum"] in client.get(reverse("activity:community", args=[community.slug])).text
    url = reverse("feeds:forum", kwargs={"token": feed_token, "slug": community.slug, "fmt": "rss"})
    assert tokens["forum"] in client.get(url).text


def test_a_sub_community_does_not_inherit_what_its_parent_switched_off(client, harbour):
    community, facilitator, member, switches, tokens = harbour
    sub = CommunityFactory(name="Harbour Pilots", parent=community)
    member_of(sub, member)
    with committed():
        page(sub, member, title=f"Pilot notes {tokens['wiki']}")
    switch(community, facilitator, switches, [k for k in feature_registry.keys() if k != "wiki"])
    assert not search(member, SearchRequest(q=tokens["wiki"])).page(1).object_list
    client.force_login(member)
    assert client.get(reverse("wikis:index", args=[sub.slug])).status_code == 404
    client.get(reverse("activity:community", args=[sub.slug]))
