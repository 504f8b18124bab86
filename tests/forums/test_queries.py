"""Pages cost a fixed number of queries however big the forum, thread or blog gets.

The numbers include the session, the user, the community and its access checks and every
context processor (messages, notifications...). They are upper bounds with a little room; a
page that starts querying per row blows through them at once.
"""

import pytest
from django.urls import reverse

from blogs.models import BlogEntry, BlogPublication
from comments.models import Comment
from conversations.models import Reaction
from forums.models import Post, Topic
from tests.accounts.factories import UserFactory
from tests.forums.factories import topic
from tests.forums.worlds import _reply, _topic
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db

TOPIC_LIST_QUERIES = 20
THREAD_QUERIES = 30
BLOG_QUERIES = 20
ENTRY_QUERIES = 32


def test_topic_list_of_100_topics(client, community, alice, bob, django_assert_max_num_queries):
    for n in range(100):
        _topic(community, alice if n % 2 else bob, f"Topic {n}", f"<p>Body {n}</p>")
    client.force_login(alice)
    for query in ("", "?sort=az", "?sort=mine&per_page=50"):
        with django_assert_max_num_queries(TOPIC_LIST_QUERIES):
            response = client.get(reverse("forums:index", kwargs={"slug": community.slug}) + query)
        assert response.status_code == 200


def test_a_thread_of_500_replies(client, community, alice, bob, django_assert_max_num_queries):
    people = [join(UserFactory(), community) for _ in range(5)]
    thread = _topic(community, alice, "Where do we go now?", "<p>Quiet of late</p>")
    parent = None
    for n in range(500):
        post = _reply(thread, people[n % 5], f"<p>Reply {n}</p>", parent=parent)
        parent = post if n % 3 == 0 else None  # a mix of top-level replies and nested ones
    for person in people:
        Reaction.objects.create(user=person, target=post)
    Post.objects.filter(pk=post.pk).update(helpful_count=5)
    Topic.objects.filter(pk=thread.pk).update(kind=Topic.Kind.QUESTION, accepted_answer=post)
    client.force_login(bob)
    for page in (1, 5, 10):
        with django_assert_max_num_queries(THREAD_QUERIES):
            response = client.get(f"{thread.get_absolute_url()}?page={page}")
        assert response.status_code == 200
        assert len(response.context["posts"]) == 50


def test_blog_pages_and_comments(client, community, alice, bob, django_assert_max_num_queries):
    topic(community, alice)  # unrelated content does not change anything
    for n in range(30):
        entry = BlogEntry.objects.create(author=alice, title=f"Entry {n}", body="<p>Words</p>")
        BlogPublication.objects.create(entry=entry, community=community)
    for n in range(60):
        Comment.objects.create(target=entry, author=bob if n % 2 else alice, body=f"Comment {n}")
    BlogEntry.objects.filter(pk=entry.pk).update(comment_count=60)
    client.force_login(bob)
    with django_assert_max_num_queries(BLOG_QUERIES):
        assert client.get(reverse("blogs:user", kwargs={"username": "alice"})).status_code == 200
    with django_assert_max_num_queries(BLOG_QUERIES):
        url = reverse("blogs:community", kwargs={"slug": community.slug})
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(ENTRY_QUERIES):
        response = client.get(entry.get_absolute_url())
    assert len(response.context["comment_items"]) == 50
