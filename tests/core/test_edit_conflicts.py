"""No silent overwrites: two sessions open the same edit form, the first saves, the second's save
is refused with 409 and their text kept, the differences shown, and "Save mine anyway" works.

One test per edit form, each driven by the same two-session script; the mechanism is
core/concurrency.py, the panel templates/includes/_conflict.html.
"""

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from comments import services as comment_services
from communities.models import Community
from core.concurrency import EditConflict, claim_edit
from documents import services as document_services
from documents.models import Document
from events.models import Event
from forums.models import Post
from profiles.models import Profile
from profiles.services import profile_for
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.events.factories import EventFactory
from tests.forums.factories import reply, topic
from tests.profiles.test_forms import profile_data

pytestmark = pytest.mark.django_db

BASE = re.compile(r'name="base_version" value="(\d+)"')


@dataclass
class Case:
    url: str
    first: object  # the user of the session that saves first
    second: object  # ...and of the one that saves on top of the same version
    data: Callable  # (base_version, **changes) -> POST data
    first_change: dict
    second_change: dict
    saved: Callable  # () -> the stored values of the fields the changes touch
    mine: str  # words only the second editor typed, which the 409 page must keep


def _forum_opening():
    community = CommunityFactory()
    alice = member_of(community)
    post = topic(community, alice, title="Tools we use", body="<p>Which tools?</p>").opening_post

    def saved():
        post.refresh_from_db()
        return {"title": post.topic.title, "body": post.body}

    return Case(
        url=reverse("forums:post_edit", kwargs={"slug": community.slug, "pk": post.pk}),
        first=alice,
        second=alice,  # the author, in another window
        data=lambda base, **v: {"kind": "discussion", "base_version": base, **v},
        first_change={"title": "Tools we love", "body": "<p>Which tools? Slack.</p>"},
        second_change={"title": "Tools we use", "body": "<p>Which tools? Teams.</p>"},
        saved=saved,
        mine="Which tools? Teams.",
    )


def _forum_reply():
    community = CommunityFactory()
    alice, bob = member_of(community), member_of(community)
    post = reply(topic(community, alice), bob, body="<p>I agree.</p>")

    def saved():
        post.refresh_from_db()
        return {"body": post.body}

    return Case(
        url=reverse("forums:post_edit", kwargs={"slug": community.slug, "pk": post.pk}),
        first=bob,
        second=bob,
        data=lambda base, **v: {"base_version": base, **v},
        first_change={"body": "<p>I agree, mostly.</p>"},
        second_change={"body": "<p>I agree with the second point.</p>"},
        saved=saved,
        mine="I agree with the second point.",
    )


def _blog_entry():
    alice = UserFactory(username="alice")
    written = entry(alice, title="CoP experiences", body="<p>A paper.</p>")

    def saved():
        written.refresh_from_db()
        return {"title": written.title, "body": written.body}

    return Case(
        url=reverse("blogs:entry_edit", kwargs={"username": "alice", "pk": written.pk}),
        first=alice,
        second=alice,
        data=lambda base, **v: {"communities": [], "base_version": base, **v},
        first_change={"title": "CoP experiences", "body": "<p>A paper, due in May.</p>"},
        second_change={"title": "CoP experiences: feedback", "body": "<p>A paper. Help!</p>"},
        saved=saved,
        mine="A paper. Help!",
    )


def _comment():
    alice = UserFactory()
    bob = UserFactory()
    comment = comment_services.comment_create(
        target=entry(alice), author=bob, body="<p>First thought</p>"
    )

    def saved():
        comment.refresh_from_db()
        return {"body": comment.body}

    return Case(
        url=reverse("comments:edit", kwargs={"pk": comment.pk}),
        first=bob,
        second=bob,
        data=lambda base, **v: {"base_version": base, **v},
        first_change={"body": "<p>Second thought</p>"},
        second_change={"body": "<p>Third thought</p>"},
        saved=saved,
        mine="Third thought",
    )


def _document_details():
    community = CommunityFactory()
    uploader = member_of(community)
    facilitator = member_of(community, facilitator=True)
    guide = document(community, uploader, title="Site Guide: Wikis")

    def saved():
        guide.refresh_from_db()
        return {"title": guide.title, "description": guide.description}

    return Case(
        url=reverse("documents:edit", args=[community.slug, guide.pk]),
        first=facilitator,
        second=uploader,
        data=lambda base, **v: {"base_version": base, **v},
        first_change={"title": "Site Guide: Wikis (2024)", "description": "<p>Updated.</p>"},
        second_change={"title": "Site Guide: Wikis", "description": "<p>For new members.</p>"},
        saved=saved,
        mine="For new members.",
    )


def _event():
    community = CommunityFactory()
    organiser = member_of(community)
    facilitator = member_of(community, facilitator=True)
    event = EventFactory(community=community, created_by=organiser, title="KM Forum")

    def data(base, **changes):
        return {
            "title": event.title,
            "description": event.description,
            "location": event.location,
            "online_url": "",
            "timezone": event.timezone,
            "starts_at": event.local_start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": event.local_end.strftime("%Y-%m-%dT%H:%M"),
            "contact": event.contact_id,
            "capacity": "",
            "base_version": base,
            **changes,
        }

    def saved():
        stored = Event.objects.get(pk=event.pk)
        return {"location": stored.location, "description": stored.description}

    return Case(
        url=reverse("events:edit", args=[community.slug, event.pk]),
        first=facilitator,
        second=organiser,
        data=data,
        first_change={"location": "Leeds Civic Hall"},
        second_change={"location": "London", "description": "<p>Bring a laptop.</p>"},
        saved=saved,
        mine="Bring a laptop.",
    )


def _community_settings():
    community = CommunityFactory(ground_rules="Be kind.", welcome_message="Hello.")
    ann = member_of(community, facilitator=True)
    ben = member_of(community, facilitator=True)

    def data(base, **changes):
        return {
            "name": community.name,
            "short_description": community.short_description,
            "domain": community.domain,
            "visibility": community.visibility,
            "features": ["forum", "wiki"],
            "welcome_message": "Hello.",
            "ground_rules": "Be kind.",
            "base_version": base,
            **changes,
        }

    def saved():
        stored = Community.objects.get(pk=community.pk)
        return {"ground_rules": stored.ground_rules, "welcome_message": stored.welcome_message}

    return Case(
        url=reverse("communities:manage", kwargs={"slug": community.slug}),
        first=ann,
        second=ben,
        data=data,
        first_change={"ground_rules": "Be kind.\nNo selling."},
        second_change={"ground_rules": "Be kind.\nKeep it confidential.", "welcome_message": "Hi!"},
        saved=saved,
        mine="Keep it confidential.",
    )


def _profile():
    mina = UserFactory(name="Mina Member")
    profile_for(mina)

    def saved():
        stored = Profile.objects.get(user=mina)
        return {"bio": stored.bio, "organisation": stored.organisation}

    return Case(
        url=reverse("profiles:edit"),
        first=mina,
        second=mina,
        data=lambda base, **v: profile_data(base_version=base, **v),
        first_change={"bio": "I manage an adoption team in Taunton."},
        second_change={"bio": "I run adoption panels.", "organisation": "Devon Council"},
        saved=saved,
        mine="I run adoption panels.",
    )


CASES = {
    "forum topic": _forum_opening,
    "forum reply": _forum_reply,
    "blog entry": _blog_entry,
    "comment": _comment,
    "document details": _document_details,
    "event": _event,
    "community settings": _community_settings,
    "profile": _profile,
}


def _session(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("build", CASES.values(), ids=CASES.keys())
def test_the_later_of_two_editors_keeps_their_text_sees_the_change_and_may_save_anyway(
    build, django_assert_max_num_queries
):
    case = build()
    one, two = _session(case.first), _session(case.second)
    # Both sessions open the form on the same version.
    opened = two.get(case.url)
    assert opened.status_code == 200 and one.get(case.url).status_code == 200
    base = int(BASE.search(opened.text).group(1))

    # The first saves.
    assert one.post(case.url, case.data(base, **case.first_change)).status_code == 302
    kept = case.saved()
    for name, value in case.first_change.items():
        assert value.replace("\n", "") in kept[name].replace("\r", "").replace("\n", "")

    # The second saves on top of the same version: refused, nothing of theirs lost.
    with django_assert_max_num_queries(40):
        refused = two.post(case.url, case.data(base, **case.second_change))
    assert refused.status_code == 409
    page = refused.text
    assert case.mine in page  # still in the form, and in the differences
    assert "changed while you were editing" in page and "Save mine anyway" in page
    assert '<del class="diff__removed">' in page  # their saved words, marked as not in mine
    assert f'name="base_version" value="{base + 1}"' in page  # rebased on the saved version
    assert case.saved() == kept  # the first editor's change is still what is stored

    # Having seen the differences, the second saves anyway: it goes through.
    assert two.post(case.url, case.data(base + 1, **case.second_change)).status_code == 302
    stored = case.saved()
    assert case.mine in "".join(stored.values())


def test_a_form_without_its_base_version_saves_nothing_and_comes_back_based_on_the_current_one(
    client,
):
    case = _comment()
    client.force_login(case.second)
    posted = case.data(None, **case.second_change)
    del posted["base_version"]
    response = client.post(case.url, posted)
    assert response.status_code == 200
    assert "did not say which version it was opened on" in response.text
    assert case.mine in response.text and 'name="base_version" value="1"' in response.text
    assert case.saved() == {"body": "<p>First thought</p>"}


def test_a_write_made_without_a_form_still_moves_the_version(db):
    community = CommunityFactory()
    post = topic(community, member_of(community)).opening_post
    claim_edit(post, base_version=None)
    assert post.edit_version == Post.objects.get(pk=post.pk).edit_version == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks between two real transactions (SQLite runs one writer "
    "at a time); `make test` runs it on PostgreSQL",
)
def test_two_simultaneous_saves_on_postgresql_one_wins_one_gets_a_conflict(transactional_db):
    community = CommunityFactory()
    editors = [member_of(community, facilitator=True) for _ in range(2)]
    guide = document(community, editors[0], title="Budget")
    start = threading.Barrier(2)
    outcomes = {}

    def save(editor):
        try:
            mine = Document.objects.select_related("community").get(pk=guide.pk)
            start.wait(timeout=10)
            document_services.document_edit(
                document=mine,
                by=editor,
                title=f"Budget by {editor.pk}",
                description="",
                base_version=1,
            )
            outcomes[editor.pk] = "saved"
        except EditConflict:
            outcomes[editor.pk] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "saved")
    guide.refresh_from_db()
    assert (guide.edit_version, guide.title) == (2, f"Budget by {winner}")
