"""Every key page costs the same number of queries in a small world and in a larger one, and no
more than its budget (bench/pages.py measures the same pages on generated national-scale data).

The member reading them belongs to several communities, public and private; the world then
grows (more topics and replies in the thread, wiki revisions, documents, events, tagged items,
people with the same expertise, activity, other communities) and every page is read again.
The counts include the session, the user, the navigation counters and every panel on the page.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community
from polls.services import vote as poll_vote
from tags.services import tag_add
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.events.factories import EventFactory
from tests.forums.factories import reply, topic
from tests.polls.factories import PollFactory
from tests.profiles.factories import ProfileFactory
from tests.search.helpers import committed
from tests.wikis.factories import edit, page

pytestmark = pytest.mark.django_db
SERIAL = itertools.count()

# The most queries each page may cost, counting the session, the user, the navigation's counters
# and every panel. The target for every key page is 12, and every key page meets it.
BUDGET = {
    "community home": 12,
    "forum topic list": 8,
    "thread": 12,
    "wiki page": 10,
    "document library": 8,
    "people finder": 12,
    "site search": 10,  # PostgreSQL's full-text path; SQLite's fallback costs 7
    "what's happening": 5,
    "my home": 12,
    "directory": 11,
    "event list": 9,
    "tag page": 6,
    "profile page": 8,
}


class World:
    def __init__(self):
        self.member = UserFactory(username="reader", name="Reader")
        ProfileFactory(user=self.member, expertise=["procurement"])
        self.home = CommunityFactory(slug="home-of-the-bench", name="Home of the bench")
        member_of(self.home, self.member)
        for n in range(3):
            member_of(CommunityFactory(visibility=Community.Visibility.PRIVATE), self.member)
            member_of(CommunityFactory(), self.member)
        self.writer = UserFactory(username="writer", name="Writer")
        ProfileFactory(user=self.writer, expertise=["procurement"])
        member_of(self.home, self.writer)
        self.thread = topic(self.home, self.writer, title="The long thread", body="<p>Hi</p>")
        self.wiki = page(self.home, self.writer, title="Procurement guide")
        self.poll = PollFactory(community=self.home, created_by=self.writer)
        self.grow(2)

    def grow(self, n):
        for _ in range(n):
            k = next(SERIAL)
            person = UserFactory()
            ProfileFactory(user=person, expertise=["procurement", f"skill {k}"])
            member_of(self.home, person)
            with committed():
                started = topic(self.home, person, title=f"Procurement topic {k}")
                tag_add(user=person, item=started, names=["procurement"])
            previous = reply(self.thread, person, body=f"<p>Reply {k}</p>")
            reply(self.thread, self.writer, body=f"<p>Answer {k}</p>", parent=previous)
            edit(self.wiki, person, body=f"<p>Procurement guide, version {k}</p>")
            with committed():
                library_item = document(self.home, person, title=f"Procurement note {k}")
                tag_add(user=person, item=library_item, names=["procurement"])
            EventFactory(community=self.home, created_by=person, title=f"Procurement day {k}")
            poll_vote(poll=self.poll, user=person, choice_ids=[self.poll.choices.first().pk])
            other = CommunityFactory()
            member_of(other, person)
            topic(other, person, title=f"Elsewhere {k}")

    def pages(self):
        slug = self.home.slug
        return {
            "community home": reverse("communities:home", kwargs={"slug": slug}),
            "forum topic list": reverse("forums:index", kwargs={"slug": slug}),
            "thread": self.thread.get_absolute_url(),
            "wiki page": reverse("wikis:page", kwargs={"slug": slug, "page": self.wiki.slug}),
            "document library": reverse("documents:index", kwargs={"slug": slug}),
            "people finder": reverse("profiles:finder") + "?expertise=procurement",
            "site search": reverse("search:index") + "?q=procurement",
            "what's happening": reverse("activity:stream"),
            "my home": reverse("core:home"),
            "directory": reverse("communities:directory"),
            "event list": reverse("events:index", kwargs={"slug": slug}),
            "tag page": reverse("tags:tag", kwargs={"tag": "procurement"}),
            "profile page": reverse("profiles:detail", kwargs={"username": "writer"}),
        }


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def test_every_key_page_costs_the_same_queries_small_and_large(client):
    world = World()
    client.force_login(world.member)
    pages = world.pages()
    for url in pages.values():
        client.get(url)  # warm per-process caches (content types, templates)
    small = {name: count(client, url) for name, url in pages.items()}
    world.grow(12)
    for url in pages.values():
        client.get(url)  # the grown world's tag clouds are counted once, then kept (tags/clouds.py)
    large = {name: count(client, url) for name, url in pages.items()}
    assert small == large
    over = {name: n for name, n in large.items() if n > BUDGET[name]}
    assert not over, f"over budget: {over} (all: {large})"
