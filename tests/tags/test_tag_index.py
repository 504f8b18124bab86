"""The tag pages read the search layer's tag index (search.models.DocumentTag): a derived
index, never a channel. Every fact the page depends on changes the page at once, and a private
community's items never show or count for anyone who may not see them."""

import re

from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from taggit.models import Tag

from communities.models import Community, Membership
from communities.services import community_update
from documents import services as document_services
from forums import services as forum_services
from search.models import DocumentTag, SearchDocument
from search.services import fill_tag_rows, index_item
from tags import selectors
from tags.services import tag_add, tag_remove
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.forums.factories import topic
from tests.search.helpers import committed
from tests.wikis.factories import edit, page
from wikis import services as wiki_services

RESULT = re.compile(r'<h3 class="result__title"><a href="[^"]*">([^<]+)</a>')


def add(user, item, names):
    with committed():
        return tag_add(user=user, item=item, names=names)


def titles(user, slug="budget"):
    """The titles on the tag page as `user` sees them, in order ([] for a 404)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(reverse("tags:tag", args=[slug]))
    if response.status_code == 404:
        return []
    assert response.status_code == 200
    return RESULT.findall(response.text)


def rows_right():
    """The tag index holds exactly one row per (index row, tag on its item), with the row's
    `updated` and kind."""
    from tags.models import TaggedItem

    expected = set()
    for document_row in SearchDocument.objects.all():
        for tag_id in TaggedItem.objects.filter(
            content_type_id=document_row.content_type_id, object_id=document_row.object_id
        ).values_list("tag_id", flat=True):
            expected.add((document_row.pk, tag_id, document_row.updated, document_row.kind))
    found = set(DocumentTag.objects.values_list("document_id", "tag_id", "updated", "kind"))
    return found == expected


def test_a_private_communitys_item_never_shows_or_counts_for_outsiders(
    client, canaries, community, author, reader
):
    private = CommunityFactory(name="Closed panel", private=True)
    insider = member_of(private, UserFactory())
    secret_title = canaries.plant(
        visible_to=lambda u: (
            u.is_authenticated and Membership.objects.filter(user=u, community=private).exists()
        ),
        description="a private community's item on a shared tag's page",
    )
    add(insider, page(private, insider, title=secret_title), "budget")
    add(reader, page(community, author, title="Open notes"), "budget")
    add(insider, page(private, insider, title="Panel only"), "panel")

    assert titles(reader) == ["Open notes"]
    client.force_login(reader)
    text = client.get(reverse("tags:tag", args=["budget"])).text
    assert "1 result." in text and secret_title not in text
    assert client.get(reverse("tags:tag", args=["panel"])).status_code == 404
    tag = Tag.objects.get(slug="budget")
    assert len(list(selectors.tagged_documents(user=reader, tag=tag))) == 1
    assert titles(insider) == ["Open notes", secret_title]
    assert rows_right()


def test_tagging_untagging_and_retagging_change_the_page_at_once(community, author, reader):
    notes = page(community, author, title="Notes")
    add(reader, notes, "budget")
    assert titles(reader) == ["Notes"]
    # Inside the transaction that changes the tag, before any re-index runs.
    with transaction.atomic():
        tag_remove(user=reader, item=notes, tag=Tag.objects.get(slug="budget"))
        assert not DocumentTag.objects.exists()
    assert titles(reader) == []
    with transaction.atomic():
        tag_add(user=reader, item=notes, names="spending")
        assert titles(reader, "spending") == ["Notes"]
    add(reader, notes, "budget")
    assert titles(reader) == ["Notes"] and titles(reader, "spending") == ["Notes"]
    assert rows_right()


def test_an_edited_item_moves_to_the_top(community, author, reader):
    older = page(community, author, title="Older")
    add(reader, older, "budget")
    add(reader, page(community, author, title="Newer"), "budget")
    assert titles(reader) == ["Newer", "Older"]
    edit(older, author, body="<p>Revised.</p>")
    assert titles(reader) == ["Older", "Newer"]
    assert rows_right()


def test_deleted_and_hidden_items_leave_the_page_at_once_and_come_back(
    community, author, reader, facilitator
):
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    sheet = document(community, author, title="Budget sheet")
    add(reader, sheet, "budget")
    notes = page(community, author, title="Budget notes")
    add(reader, notes, "budget")
    assert titles(reader) == ["Budget notes", "Budget sheet", "Budget thread"]

    with committed():
        forum_services.topic_remove(topic=thread, by=facilitator)
    assert titles(reader) == ["Budget notes", "Budget sheet"]
    assert rows_right()
    with committed():
        forum_services.topic_restore(topic=thread, by=facilitator)
    assert "Budget thread" in titles(reader)
    with committed():
        document_services.document_delete(document=sheet, by=facilitator)
    with committed():
        wiki_services.page_delete(page=notes, by=facilitator)
    assert titles(reader) == ["Budget thread"]
    assert rows_right()


def test_a_switched_off_feature_and_a_community_turned_private_change_the_page_at_once(
    community, author, reader, facilitator
):
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    add(reader, page(community, author, title="Budget notes"), "budget")
    outsider = UserFactory()
    assert titles(outsider) == ["Budget notes", "Budget thread"]

    features = list(community.features)
    community_update(
        community=community, by=facilitator, features=[key for key in features if key != "wiki"]
    )
    assert titles(reader) == ["Budget thread"]
    community_update(
        community=Community.objects.get(pk=community.pk), by=facilitator, features=features
    )
    assert titles(reader) == ["Budget notes", "Budget thread"]

    community.refresh_from_db()
    community.visibility = Community.Visibility.PRIVATE
    community.save()
    assert titles(outsider) == []
    assert titles(reader) == ["Budget notes", "Budget thread"]


def test_an_item_moved_to_another_community_follows_that_communitys_rule(community, author, reader):
    private = CommunityFactory(name="Closed panel", private=True)
    insider = member_of(private, UserFactory())
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    assert titles(insider) == ["Budget thread"]
    type(thread).objects.filter(pk=thread.pk).update(community=private)
    thread.refresh_from_db()
    index_item(thread)
    assert titles(reader) == []
    assert titles(insider) == ["Budget thread"]
    assert rows_right()


def test_a_type_narrows_the_page_and_an_unseen_tag_is_not_there(community, author, reader):
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    add(reader, page(community, author, title="Budget notes"), "budget")
    from django.test import Client

    client = Client()
    client.force_login(reader)
    url = reverse("tags:tag", args=["budget"])
    assert RESULT.findall(client.get(url + "?type=topic").text) == ["Budget thread"]
    assert RESULT.findall(client.get(url + "?type=wiki").text) == ["Budget notes"]
    # A type with nothing carrying the tag: the page is there, and says so.
    empty = client.get(url + "?type=event")
    assert empty.status_code == 200 and "Nothing of this type carries this tag." in empty.text
    assert client.get(reverse("tags:tag", args=["nowhere"])).status_code == 404


def test_the_rebuild_and_the_backfill_write_the_same_rows(community, author, reader):
    add(reader, page(community, author, title="Budget notes"), "budget, spending")
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    expected = set(DocumentTag.objects.values_list("document_id", "tag_id", "updated", "kind"))
    assert len(expected) == 3

    call_command("rebuild_search_index", stdout=None)
    assert rows_right()
    assert DocumentTag.objects.count() == 3

    # Index rows written in SQL (the benchmark's generator) get theirs from fill_tag_rows.
    DocumentTag.objects.all().delete()
    assert titles(reader) == []
    assert fill_tag_rows(batch_size=1) == 3
    assert fill_tag_rows() == 0  # and only once
    assert rows_right()
    assert titles(reader) == ["Budget thread", "Budget notes"]


def test_nobody_signed_out_finds_anything_through_the_tag_index(community, author, reader):
    from django.contrib.auth.models import AnonymousUser

    add(reader, page(community, author, title="Budget notes"), "budget")
    tag = Tag.objects.get(slug="budget")
    assert list(selectors.tagged_documents(user=AnonymousUser(), tag=tag)) == []
    assert list(selectors.tagged_documents(user=reader, tag=tag, kinds=["wiki"])) != []
