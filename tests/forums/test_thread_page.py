"""The thread page's per-post controls, its cached post fragments and its paging: each viewer sees
exactly the controls their own role allows on each post (never another viewer's), every link
points where reverse() says, and edits, moderation, renames, answers and removed files show on
the very next request."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from conversations.services import reaction_toggle
from forums import rendering, services
from forums.models import Topic
from forums.selectors import THREAD_PAGE_SIZE
from richtext.models import Attachment
from tests.accounts.factories import UserFactory
from tests.forums.factories import reply, topic
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db


def articles(html):
    """{post pk: the HTML of its <article>} for the posts on a thread page (not the answer copy)."""
    found = re.findall(r'<article [^>]*aria-labelledby="post-(\d+)-by">(.*?)</article>', html, re.S)
    return {int(pk): body for pk, body in found}


def controls(article, slug, pk):
    """Which of a post's controls an <article> holds, by their exact addresses."""
    urls = {
        "reply": reverse("forums:post_reply", kwargs={"slug": slug, "pk": pk}),
        "edit": reverse("forums:post_edit", kwargs={"slug": slug, "pk": pk}),
        "delete": reverse("forums:post_delete", kwargs={"slug": slug, "pk": pk}),
        "restore": reverse("forums:post_restore", kwargs={"slug": slug, "pk": pk}),
        "helpful": reverse("conversations:helpful", kwargs={"kind": "post", "pk": pk}),
        "story": reverse("value:helped", kwargs={"kind": "post", "pk": pk}),
        "report": reverse("conversations:report", kwargs={"kind": "post", "pk": pk}),
    }
    assert f'href="{reverse("forums:post", kwargs={"slug": slug, "pk": pk})}"' in article
    return {name for name, url in urls.items() if f'"{url}"' in article}


def page_as(client, user, topic_):
    client.force_login(user)
    response = client.get(topic_.get_absolute_url())
    assert response.status_code == 200
    return articles(response.content.decode())


def test_each_viewer_sees_the_controls_of_their_own_role_only(
    client, community, alice, bob, facilitator, outsider
):
    t = topic(community, alice, body="<p>Opening words</p>")
    opening = t.opening_post
    by_bob = reply(t, bob, body="<p>Bob writes</p>")
    by_alice = reply(t, alice, body="<p>Alice answers</p>", parent=by_bob)
    reaction_toggle(user=bob, target=by_alice)
    slug = community.slug
    member_on_other = {"reply", "helpful", "story", "report"}

    # Read in turn, in one process: nothing of one viewer's page may reach the next.
    for _ in range(2):
        page = page_as(client, alice, t)
        assert controls(page[opening.pk], slug, opening.pk) == {"reply", "edit"}
        assert controls(page[by_bob.pk], slug, by_bob.pk) == member_on_other
        assert controls(page[by_alice.pk], slug, by_alice.pk) == {"reply", "edit", "delete"}
        assert 'aria-pressed="true"' not in "".join(page.values())

        page = page_as(client, bob, t)
        assert controls(page[opening.pk], slug, opening.pk) == member_on_other
        assert controls(page[by_bob.pk], slug, by_bob.pk) == {"reply", "edit", "delete"}
        assert controls(page[by_alice.pk], slug, by_alice.pk) == member_on_other
        assert 'aria-pressed="true"' in page[by_alice.pk]  # bob's own Helpful, and only his
        assert 'aria-pressed="true"' not in page[opening.pk] + page[by_bob.pk]

        page = page_as(client, facilitator, t)
        assert controls(page[opening.pk], slug, opening.pk) == member_on_other
        for post in (by_bob, by_alice):
            assert controls(page[post.pk], slug, post.pk) == member_on_other | {"delete"}
        assert 'aria-pressed="true"' not in "".join(page.values())

        page = page_as(client, outsider, t)  # a public community: may read, not take part
        for post in (opening, by_bob, by_alice):
            assert controls(page[post.pk], slug, post.pk) == {"report"}


def test_an_edit_shows_on_the_next_request(client, community, alice, bob):
    t = topic(community, alice)
    mine = reply(t, alice, body="<p>First thoughts</p>")
    assert "First thoughts" in "".join(page_as(client, bob, t).values())
    services.post_edit(post=mine, by=alice, body="<p>Second thoughts</p>")
    page = page_as(client, bob, t)
    assert "Second thoughts" in page[mine.pk] and "First thoughts" not in page[mine.pk]
    assert "(edited" in page[mine.pk]


def test_a_hidden_reply_loses_its_body_and_controls_at_once(
    client, community, alice, bob, facilitator
):
    t = topic(community, alice)
    hidden = reply(t, bob, body="<p>Regrettable words</p>")
    assert "Regrettable words" in page_as(client, alice, t)[hidden.pk]
    hidden.moderation_hide(by=facilitator)

    page = page_as(client, alice, t)
    assert "Regrettable words" not in page[hidden.pk]
    assert "This reply was hidden by a facilitator" in page[hidden.pk]
    assert controls(page[hidden.pk], community.slug, hidden.pk) == set()

    page = page_as(client, bob, t)  # its author cannot edit or delete it any more
    assert "Regrettable words" not in page[hidden.pk]
    assert controls(page[hidden.pk], community.slug, hidden.pk) == set()

    page = page_as(client, facilitator, t)
    assert "Regrettable words" in page[hidden.pk]
    assert controls(page[hidden.pk], community.slug, hidden.pk) == {"restore"}

    hidden.refresh_from_db()
    hidden.moderation_restore(by=facilitator)
    page = page_as(client, alice, t)
    assert "Regrettable words" in page[hidden.pk]
    assert controls(page[hidden.pk], community.slug, hidden.pk) >= {"reply", "helpful"}


def test_pages_of_replies_count_with_the_page_and_fall_back_past_the_end(
    client, community, alice, bob
):
    t = topic(community, alice)
    for n in range(THREAD_PAGE_SIZE + 5):
        reply(t, bob, body=f"<p>Reply {n}</p>")
    client.force_login(alice)
    url = t.get_absolute_url()
    for query, number, shown in (
        ("", 1, THREAD_PAGE_SIZE),
        ("?page=2", 2, 5),
        ("?page=99", 2, 5),
        ("?page=nonsense", 1, THREAD_PAGE_SIZE),
        ("?page=0", 2, 5),  # the paginator's choice: below the first page means the last
    ):
        response = client.get(url + query)
        page_obj = response.context["page_obj"]
        assert (page_obj.number, len(response.context["posts"])) == (number, shown), query
        assert page_obj.paginator.count == THREAD_PAGE_SIZE + 5
        assert f"Replies page {number} of 2" in response.content.decode()


def test_a_topic_without_replies(client, community, alice):
    t = topic(community, alice)
    client.force_login(alice)
    response = client.get(t.get_absolute_url())
    assert response.context["posts"] == [] and "No replies yet." in response.content.decode()


# --- the cached part of each post (forums.rendering) -------------------------------------------
def head_renders(response):
    return sum(t.name == rendering.TEMPLATE for t in response.templates)


def test_each_post_head_is_rendered_once_then_read_from_the_cache(client, community, alice, bob):
    t = topic(community, alice)
    for n in range(3):
        reply(t, bob, body=f"<p>Reply {n}</p>")
    client.force_login(alice)
    assert head_renders(client.get(t.get_absolute_url())) == 4
    assert head_renders(client.get(t.get_absolute_url())) == 0
    client.force_login(bob)  # another viewer of the same posts shares the same fragments
    assert head_renders(client.get(t.get_absolute_url())) == 0


def test_what_a_facilitator_sees_of_a_hidden_reply_never_reaches_a_member(
    client, community, alice, bob, facilitator
):
    t = topic(community, alice)
    hidden = reply(t, bob, body="<p>Regrettable words</p>")
    hidden.moderation_hide(by=facilitator)
    assert "Regrettable words" in page_as(client, facilitator, t)[hidden.pk]  # cached first
    for viewer in (alice, bob):
        assert "Regrettable words" not in page_as(client, viewer, t)[hidden.pk]


def test_a_new_display_name_an_accepted_answer_and_a_removed_file_show_at_once(
    client, community, alice, bob
):
    question = topic(community, alice, kind=Topic.Kind.QUESTION)
    answer = reply(
        question,
        bob,
        body="<p>See the minutes</p>",
        files=[SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")],
    )
    page = page_as(client, alice, question)
    assert "Bob Brown" in page[answer.pk] and "minutes.pdf" in page[answer.pk]

    User.objects.filter(pk=bob.pk).update(name="Robert Brown")
    assert "Robert Brown" in page_as(client, alice, question)[answer.pk]

    services.answer_mark(topic=question, post=answer, by=alice)
    assert "badge--success" in page_as(client, alice, question)[answer.pk]

    answer.refresh_from_db()
    key = Attachment.objects.get(owner_id=answer.pk).key
    services.post_edit(post=answer, by=bob, body="<p>See the minutes</p>", remove_attachments=[key])
    assert "minutes.pdf" not in page_as(client, alice, question)[answer.pk]


# --- whole blocks of posts (forums.rendering.post_blocks) --------------------------------------
def block_renders(response):
    return sum(t.name == rendering.BLOCK_TEMPLATE for t in response.templates)


def test_a_block_is_shared_by_viewers_whose_controls_match_and_no_one_else(
    client, community, alice, bob
):
    t = topic(community, alice)
    by_bob = reply(t, bob, body="<p>Bob writes</p>")
    carol, dave = (join(UserFactory(), community) for _ in range(2))
    client.force_login(carol)
    assert block_renders(client.get(t.get_absolute_url())) == 2  # the opening post, the replies
    assert block_renders(client.get(t.get_absolute_url())) == 0
    client.force_login(dave)  # wrote nothing here, marked nothing: the same controls as carol
    assert block_renders(client.get(t.get_absolute_url())) == 0
    client.force_login(bob)  # may edit his reply: a block of his own
    response = client.get(t.get_absolute_url())
    assert block_renders(response) == 1
    slug = community.slug
    assert controls(articles(response.content.decode())[by_bob.pk], slug, by_bob.pk) == {
        "reply",
        "edit",
        "delete",
    }
    assert "edit" not in controls(page_as(client, dave, t)[by_bob.pk], slug, by_bob.pk)


def test_a_helpful_mark_shows_at_once_to_whoever_made_it_and_to_the_others(
    client, community, alice, bob
):
    t = topic(community, alice)
    by_alice = reply(t, alice, body="<p>Try the guide</p>")
    carol = join(UserFactory(name="Carol Cole"), community)
    for viewer in (bob, carol):
        assert 'aria-pressed="true"' not in page_as(client, viewer, t)[by_alice.pk]

    reaction_toggle(user=bob, target=by_alice)
    page = page_as(client, bob, t)[by_alice.pk]
    assert 'aria-pressed="true"' in page and "1 found this helpful" in page
    page = page_as(client, carol, t)[by_alice.pk]
    assert 'aria-pressed="true"' not in page and "Bob Brown" in page

    reaction_toggle(user=bob, target=by_alice)  # taken back
    for viewer in (bob, carol):
        page = page_as(client, viewer, t)[by_alice.pk]
        assert 'aria-pressed="true"' not in page and "found this helpful" not in page


def test_a_shared_block_carries_each_viewers_own_csrf_token_and_address(
    community, alice, bob, facilitator
):
    t = topic(community, alice)
    by_alice = reply(t, alice, body="<p>Try the guide</p>")
    carol = join(UserFactory(), community)
    path = f"{t.get_absolute_url()}?page=1&note=%22a%26b"
    for viewer in (bob, carol):  # the second reads the block the first stored
        client = Client(enforce_csrf_checks=True)
        client.force_login(viewer)
        html = client.get(path).content.decode()
        assert rendering._slot("csrf") not in html and rendering._slot("here") not in html
        form = re.search(
            r'<form method="post" action="([^"]+)" class="inline-form">\s*'
            r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">\s*'
            r'<input type="hidden" name="next" value="([^"]+)">',
            articles(html)[by_alice.pk],
        )
        action, token, back = form.groups()
        assert back == f"{escape(path)}#{by_alice.anchor}"
        response = client.post(action, {"csrfmiddlewaretoken": token, "next": unescape(back)})
        assert response.status_code == 302  # the token is this viewer's own
    assert by_alice.__class__.objects.get(pk=by_alice.pk).helpful_count == 2
