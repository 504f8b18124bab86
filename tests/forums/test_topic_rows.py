"""The topic list's rows come from the cache (forums.rendering.topic_rows): shared by every viewer
shown the same topics, and a new reply, a renamed poster, a new title, a pin, a lock, an answer or
a deletion shows on the very next request."""

import re

import pytest

from accounts.models import User
from forums import rendering, services
from forums.models import Topic
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def rows_as(client, user, community):
    client.force_login(user)
    response = client.get(f"/c/{community.slug}/forum/")
    assert response.status_code == 200
    html = response.content.decode()
    renders = sum(t.name == rendering.ROWS_TEMPLATE for t in response.templates)
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return (body.group(1) if body else ""), renders


def test_rows_are_rendered_once_for_every_viewer_then_follow_each_change(
    client, community, alice, bob, facilitator
):
    question = topic(community, alice, title="Which survey tool?", kind=Topic.Kind.QUESTION)
    rows, renders = rows_as(client, alice, community)
    assert "Which survey tool?" in rows and renders == 1
    assert rows_as(client, bob, community) == (rows, 0)  # another viewer, the same rows

    answer = reply(question, bob, body="<p>Try the free one.</p>")
    rows, renders = rows_as(client, alice, community)
    assert renders == 1 and "Bob Brown" in rows and '<td class="num">1</td>' in rows

    User.objects.filter(pk=bob.pk).update(name="Robert Brown")
    assert "Robert Brown" in rows_as(client, alice, community)[0]

    question.refresh_from_db()
    services.post_edit(
        post=question.opening_post, by=alice, body="<p>Which?</p>", title="Which form tool?"
    )
    assert "Which form tool?" in rows_as(client, bob, community)[0]

    question.refresh_from_db()
    services.answer_mark(topic=question, post=answer, by=alice)
    assert "Answered" in rows_as(client, bob, community)[0]

    question.refresh_from_db()
    services.topic_set_pinned(topic=question, by=facilitator, pinned=True)
    services.topic_set_locked(topic=question, by=facilitator, locked=True)
    rows = rows_as(client, bob, community)[0]
    assert "Pinned" in rows and "Locked" in rows

    question.refresh_from_db()
    services.topic_remove(topic=question, by=facilitator)
    assert "Which form tool?" not in rows_as(client, bob, community)[0]


def test_the_list_works_when_the_cache_is_down(client, community, alice, monkeypatch):
    topic(community, alice, title="Still listed")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(rendering.cache, "get_many", down)
    monkeypatch.setattr(rendering.cache, "set_many", down)
    assert "Still listed" in rows_as(client, alice, community)[0]
