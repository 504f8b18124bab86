"""RSS and Atom feeds, read by feed readers that cannot sign in: the token decides."""

import re

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from blogs.models import BlogEntry
from communities.models import Community
from communities.services import membership_leave
from feeds import services
from forums.models import Post, Topic
from tests.blogs.factories import entry as blog_entry
from tests.forums.factories import reply, topic
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db
User = get_user_model()


def forum_feed(token, community, fmt="rss"):
    return reverse("feeds:forum", kwargs={"token": token, "slug": community.slug, "fmt": fmt})


def test_the_forum_feed_lists_new_topics_in_rss_and_atom(client, community, alice):
    topic(community, alice, title="BarCamp UKGov Web", body="<p>Join us</p>")
    token = services.token_create_or_regenerate(user=alice).token
    rss = client.get(forum_feed(token, community))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<title>BarCamp UKGov Web</title>" in body and "Join us" in body
    assert "http://127.0.0.1:8000/c/" in body  # absolute links for feed readers
    atom = client.get(forum_feed(token, community, "atom"))
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert atom["Cache-Control"] == "private, no-store"


def test_a_topic_feed_lists_its_replies(client, community, alice, bob):
    t = topic(community, alice)
    reply(t, bob, body="<p>Trello for everything</p>")
    token = services.token_create_or_regenerate(user=alice).token
    url = reverse(
        "feeds:topic", kwargs={"token": token, "slug": community.slug, "pk": t.pk, "fmt": "rss"}
    )
    assert "Trello for everything" in client.get(url).content.decode()


def test_a_wrong_or_revoked_token_gets_404_and_nothing_else(client, community, alice):
    topic(community, alice, title="Secret plans")
    token = services.token_create_or_regenerate(user=alice).token
    wrong = client.get(forum_feed("x" * 43, community))
    assert wrong.status_code == 404 and b"Secret plans" not in wrong.content
    new = services.token_create_or_regenerate(user=alice).token
    assert client.get(forum_feed(token, community)).status_code == 404
    assert client.get(forum_feed(new, community)).status_code == 200
    services.token_revoke(user=alice)
    assert client.get(forum_feed(new, community)).status_code == 404


def test_leaving_a_private_community_stops_its_feed(client, private_community, alice, bob):
    join(alice, private_community)
    join(bob, private_community, facilitator=True)
    topic(private_community, bob, title="Members only")
    token = services.token_create_or_regenerate(user=alice).token
    assert b"Members only" in client.get(forum_feed(token, private_community)).content
    membership_leave(user=alice, community=private_community)
    response = client.get(forum_feed(token, private_community))
    assert response.status_code == 404 and b"Members only" not in response.content


def test_a_suspended_member_s_token_stops_working(client, community, alice):
    token = services.token_create_or_regenerate(user=alice).token
    alice.is_active = False
    alice.save()
    assert client.get(forum_feed(token, community)).status_code == 404


def test_the_feed_page_creates_regenerates_and_turns_off_the_address(client, community, alice):
    client.force_login(alice)
    page = reverse("feeds:settings")
    assert b"Create my feed addresses" in client.get(page).content
    client.post(reverse("feeds:regenerate"))
    html = client.get(page).content.decode()
    token = alice.feed_token.token
    assert forum_feed(token, community) in html or community.name not in html
    assert f"/feeds/{token}/blogs/alice.rss" in html
    client.post(reverse("feeds:revoke"))
    assert b"You have no feed addresses" in client.get(page).content


def test_the_forum_page_links_to_the_member_s_own_feed(client, community, alice):
    client.force_login(alice)
    forum = reverse("forums:index", kwargs={"slug": community.slug})
    assert b"get your feed address" in client.get(forum).content
    token = services.token_create_or_regenerate(user=alice).token
    assert forum_feed(token, community).encode() in client.get(forum).content


HOSTILE = "Ctrl\x01 \x7fchars\x0b and\x1f lone\r CR"
HOSTILE_BODY = "<p>Body\x01 with &#1;references\x08</p>"


def test_every_feed_survives_control_characters_already_stored(client, community, alice, bob):
    """Stored by some path that skips the forms (an import, the shell, an older version): the
    feeds still answer, as well-formed RSS and Atom, without the control characters."""
    t = topic(community, alice)
    reply(t, bob)
    post = blog_entry(alice, communities=[community])
    Topic.objects.filter(pk=t.pk).update(title=HOSTILE)
    Post.objects.filter(topic=t).update(body=HOSTILE_BODY)
    BlogEntry.objects.filter(pk=post.pk).update(title=HOSTILE, body=HOSTILE_BODY)
    Community.objects.filter(pk=community.pk).update(name=f"Community {HOSTILE}")
    User.objects.filter(pk__in=[alice.pk, bob.pk]).update(name=f"Name {HOSTILE}")
    token = services.token_create_or_regenerate(user=alice).token
    addresses = [
        ("feeds:forum", {"slug": community.slug}),
        ("feeds:topic", {"slug": community.slug, "pk": t.pk}),
        ("feeds:community_blog", {"slug": community.slug}),
        ("feeds:user_blog", {"username": "alice"}),
    ]
    for name, kwargs in addresses:
        for fmt in ("rss", "atom"):
            response = client.get(reverse(name, kwargs={"token": token, "fmt": fmt, **kwargs}))
            assert response.status_code == 200, (name, fmt)
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo, (name, fmt, parsed.get("bozo_exception"))
            assert parsed.entries, (name, fmt)
            text = response.content.decode()
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|&#x?0*1;", text), (name, fmt)
    forum = feedparser.parse(client.get(forum_feed(token, community)).content)
    assert forum.entries[0].title == "Ctrl chars and lone CR"
