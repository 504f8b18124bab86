"""The thread page's blocks kept whole per state of the page (forums.rendering.thread_blocks):
a reader whose controls match an earlier reader's gets the blocks without a post being built,
and every fact the page shows, changed by whatever means (services, moderation, a rename or a
Helpful mark straight in the database, a role, a membership, a lock), shows on the next request
to everyone it concerns, while no viewer is ever served another's controls."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from communities.models import Membership
from communities.services import member_set_role, membership_leave
from conversations.services import reaction_toggle
from forums import rendering, selectors, services
from forums.models import Post
from forums.selectors import THREAD_PAGE_SIZE
from tests.accounts.factories import UserFactory
from tests.forums.factories import reply, topic
from tests.forums.test_thread_page import articles, controls, page_as
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db


def masked(page):
    """The page's articles without their CSRF tokens (each login has its own)."""
    return {
        pk: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        for pk, html in page.items()
    }


@pytest.fixture
def built(monkeypatch):
    """How many times the page's posts were built (0 when its blocks came whole from the
    cache)."""
    calls = []
    real = selectors.thread_posts

    def counting(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "thread_posts", counting)
    return calls


def test_readers_whose_controls_match_share_the_page_without_building_a_post(
    client, community, alice, bob, built
):
    t = topic(community, alice)
    reply(t, bob, body="<p>First</p>")
    carol, dave = (join(UserFactory(), community) for _ in range(2))
    first = masked(page_as(client, carol, t))
    assert len(built) == 1
    assert masked(page_as(client, carol, t)) == first and masked(page_as(client, dave, t)) == first
    assert len(built) == 1  # the second and third readers built nothing
    page_as(client, bob, t)  # his own reply: a page of his own
    assert len(built) == 2


def test_a_reply_an_edit_and_a_hide_show_at_once(client, community, alice, bob, facilitator):
    t = topic(community, alice)
    first = reply(t, bob, body="<p>First words</p>")
    assert "First words" in page_as(client, alice, t)[first.pk]

    second = reply(t, bob, body="<p>Second words</p>")
    assert "Second words" in page_as(client, alice, t)[second.pk]

    Post.objects.filter(pk=first.pk).update(body="<p>Changed in the database</p>")
    assert "Changed in the database" in page_as(client, alice, t)[first.pk]

    second.moderation_hide(by=facilitator)
    assert "Second words" in page_as(client, facilitator, t)[second.pk]
    assert "Second words" not in page_as(client, alice, t)[second.pk]


def test_names_marks_and_files_changed_anywhere_show_at_once(client, community, alice, bob):
    t = topic(community, alice)
    by_bob = reply(t, bob, body="<p>Parent</p>")
    carol = join(UserFactory(name="Carol Cole"), community)
    reaction_toggle(user=carol, target=by_bob)
    assert "Carol Cole" in page_as(client, alice, t)[by_bob.pk]

    User.objects.filter(pk=carol.pk).update(name="Caroline Cole")  # a marker renamed
    assert "Caroline Cole" in page_as(client, alice, t)[by_bob.pk]

    reaction_toggle(user=carol, target=by_bob)  # taken back, another marks it
    reaction_toggle(user=alice, target=by_bob)
    page = page_as(client, alice, t)[by_bob.pk]
    assert "Caroline Cole" not in page and "Alice" in page and 'aria-pressed="true"' in page

    by_bob.refresh_from_db()
    services.post_edit(
        post=by_bob,
        by=bob,
        body="<p>Parent</p>",
        files=[SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda")],
    )
    assert "agenda.pdf" in page_as(client, alice, t)[by_bob.pk]


def test_whom_a_reply_answers_follows_a_rename_on_another_page(client, community, alice, bob):
    t = topic(community, alice)
    for n in range(THREAD_PAGE_SIZE - 1):
        reply(t, alice, body=f"<p>Filler {n}</p>")
    parent = reply(t, bob, body="<p>Parent</p>")  # the last on page 1
    child = reply(t, alice, body="<p>Child</p>", parent=parent)  # the first on page 2
    client.force_login(alice)
    second_page = f"{t.get_absolute_url()}?page=2"
    assert "Bob Brown" in articles(client.get(second_page).content.decode())[child.pk]
    User.objects.filter(pk=bob.pk).update(name="Robert Brown")
    assert "Robert Brown" in articles(client.get(second_page).content.decode())[child.pk]


def test_a_role_a_membership_and_a_lock_change_the_controls_at_once(
    client, community, alice, bob, facilitator
):
    t = topic(community, alice)
    by_bob = reply(t, bob, body="<p>Bob writes</p>")
    carol = join(UserFactory(), community)
    slug = community.slug
    assert controls(page_as(client, carol, t)[by_bob.pk], slug, by_bob.pk) == {
        "reply",
        "helpful",
        "story",
        "report",
    }

    member_set_role(
        community=community, user=carol, by=facilitator, role=Membership.Role.FACILITATOR
    )
    assert "delete" in controls(page_as(client, carol, t)[by_bob.pk], slug, by_bob.pk)

    member_set_role(community=community, user=carol, by=facilitator, role=Membership.Role.MEMBER)
    assert "delete" not in controls(page_as(client, carol, t)[by_bob.pk], slug, by_bob.pk)

    services.topic_set_locked(topic=t, by=facilitator, locked=True)
    t.refresh_from_db()
    assert "reply" not in controls(page_as(client, carol, t)[by_bob.pk], slug, by_bob.pk)
    assert "reply" in controls(page_as(client, facilitator, t)[by_bob.pk], slug, by_bob.pk)
    services.topic_set_locked(topic=t, by=facilitator, locked=False)

    membership_leave(user=carol, community=community)  # a public community: still readable
    assert controls(page_as(client, carol, t)[by_bob.pk], slug, by_bob.pk) == {"report"}


def test_what_a_facilitator_is_shown_never_reaches_a_member_sharing_the_state(
    client, community, alice, bob, facilitator, built
):
    t = topic(community, alice)
    hidden = reply(t, bob, body="<p>Regrettable words</p>")
    hidden.moderation_hide(by=facilitator)
    kept = reply(t, alice, body="<p>Fine words</p>")
    assert "Regrettable words" in page_as(client, facilitator, t)[hidden.pk]
    carol = join(UserFactory(), community)
    page = page_as(client, carol, t)
    assert "Regrettable words" not in page[hidden.pk] and "Fine words" in page[kept.pk]
    assert len(built) == 2  # the member's page is not the facilitator's


def test_the_page_works_when_the_cache_is_down(client, community, alice, bob, monkeypatch):
    t = topic(community, alice)
    reply(t, bob, body="<p>Still here</p>")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(rendering.cache, "get_many", down)
    monkeypatch.setattr(rendering.cache, "set_many", down)
    assert "Still here" in "".join(page_as(client, alice, t).values())
    assert "Still here" in "".join(page_as(client, bob, t).values())
