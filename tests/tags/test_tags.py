"""The folksonomy: any member tags what they can see; the author, the tagger and facilitators
remove tags; clouds and tag pages count only what the viewer may see."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from taggit.models import Tag

from communities.models import Community, Membership
from core.errors import Invalid
from search.models import SearchDocument
from tags import selectors
from tags.models import TaggedItem
from tags.services import tag_add, tag_remove
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.forums.factories import topic
from tests.search.helpers import committed
from tests.wikis.factories import page
from wikis import services as wiki_services


def add(user, item, names):
    with committed():
        return tag_add(user=user, item=item, names=names)


def names_on(item):
    return [row.tag.name for row in selectors.tags_on(item)]


def test_any_member_tags_content_they_did_not_write_and_who_tagged_is_recorded(guide, reader):
    added = add(reader, guide, "wiki, Site guide")
    assert sorted(tag.name for tag in added) == ["Site guide", "wiki"]
    row = TaggedItem.objects.get(tag__name="wiki")
    assert (row.tagged_by, row.community, row.content_object) == (reader, guide.community, guide)
    assert set(guide.tags.names()) == {"Site guide", "wiki"}  # django-taggit's API works too
    # The index carries the tags, so searching for a tag finds the page.
    assert SearchDocument.objects.get(kind="wiki").tags == "Site guide, wiki"


def test_tags_match_existing_ones_whatever_the_case_and_are_not_added_twice(guide, reader, author):
    add(reader, guide, "Wiki")
    assert add(author, guide, "wiki, WIKI") == []
    assert Tag.objects.filter(name__iexact="wiki").count() == 1
    assert names_on(guide) == ["Wiki"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type a tag"),
        ("!!!", "is not a tag"),
        ("x" * 51, "too long"),
        (", ".join(f"tag{n}" for n in range(11)), "at most 10 tags at a time"),
    ],
)
def test_bad_tags_are_refused_with_a_reason(guide, reader, typed, message):
    with pytest.raises(Invalid, match=message):
        add(reader, guide, typed)


def test_people_outside_the_community_cannot_tag(guide):
    with pytest.raises(PermissionDenied):
        add(UserFactory(), guide, "spam")
    private = CommunityFactory(private=True)
    owner = member_of(private)
    secret = page(private, owner, title="Secret")
    with pytest.raises(PermissionDenied, match="cannot see"):
        add(member_of(guide.community), secret, "peek")


def test_nobody_tags_in_an_archive(guide, reader):
    Community.objects.filter(pk=guide.community_id).update(stage=Community.Stage.CLOSEDOWN)
    guide.community.refresh_from_db()
    with pytest.raises(PermissionDenied):
        add(reader, guide, "late")


def test_the_author_the_tagger_and_facilitators_remove_tags_others_do_not(
    guide, author, reader, facilitator
):
    add(reader, guide, "wiki, guide, help")
    other = member_of(guide.community, UserFactory())
    with pytest.raises(PermissionDenied):
        tag_remove(user=other, item=guide, tag=Tag.objects.get(name="wiki"))
    tag_remove(user=reader, item=guide, tag=Tag.objects.get(name="wiki"))  # who added it
    tag_remove(user=author, item=guide, tag=Tag.objects.get(name="guide"))  # the author
    tag_remove(user=facilitator, item=guide, tag=Tag.objects.get(name="help"))
    assert names_on(guide) == []


def test_every_kind_of_content_can_be_tagged(community, author, reader):
    with committed():
        thread = topic(community, author, title="Open data")
        entry = blog_entry(author, title="My week", communities=[community])
    doc = document(community, author)
    for item in (thread, entry, doc):
        add(reader, item, "opendata")
    assert TaggedItem.objects.filter(tag__name="opendata").count() == 3
    assert set(SearchDocument.objects.filter(tags="opendata").values_list("kind", flat=True)) == {
        "topic",
        "blogentry",
        "document",
    }


def test_the_community_cloud_is_weighted_by_use_and_lists_words_a_to_z(community, author, reader):
    pages = [page(community, author, title=f"Page {n}") for n in range(6)]
    for item in pages:
        add(reader, item, "wiki")
    add(reader, pages[0], "barcamp")
    cloud = selectors.tag_cloud(user=reader, community=community)
    assert [(t["name"], t["count"], t["weight"]) for t in cloud] == [
        ("barcamp", 1, 1),
        ("wiki", 6, 5),
    ]


def test_clouds_and_tag_pages_leave_out_what_the_viewer_cannot_see(
    client, canaries, community, author
):
    private = CommunityFactory(name="Adoption Policy CoP", private=True)
    insider = member_of(private, UserFactory())
    secret_tag = canaries.plant(
        visible_to=lambda u: (
            u.is_authenticated and Membership.objects.filter(user=u, community=private).exists()
        ),
        description="a tag used only in a private community",
    )
    secret_page = page(private, insider, title="Panel notes")
    add(insider, secret_page, f"{secret_tag}, adoption")
    add(author, page(community, author, title="Public notes"), "adoption")

    client.force_login(author)
    assert (
        client.get(reverse("tags:tag", args=[Tag.objects.get(name=secret_tag).slug])).status_code
        == 404
    )
    tag_page = client.get(reverse("tags:tag", args=["adoption"])).text
    assert "Public notes" in tag_page and "Panel notes" not in tag_page
    assert secret_tag not in client.get(reverse("tags:all")).text
    assert selectors.tag_cloud(user=author) == [
        {"name": "adoption", "slug": "adoption", "count": 1, "weight": 3}
    ]
    client.force_login(insider)
    assert "Panel notes" in client.get(reverse("tags:tag", args=["adoption"])).text


def test_tags_of_deleted_content_drop_out_of_the_cloud(community, guide, reader, facilitator):
    add(reader, guide, "wiki")
    assert selectors.tag_cloud(user=reader, community=community)
    wiki_services.page_delete(page=guide, by=facilitator)
    assert selectors.tag_cloud(user=reader, community=community) == []
    assert not TaggedItem.objects.exists()


def test_the_tags_box_adds_tags_without_javascript_and_offers_popular_ones(
    client, community, guide, reader, author
):
    other = page(community, author, title="Events list")
    add(author, other, "barcamp, socialmedia")
    client.force_login(reader)
    html = client.get(guide.get_absolute_url()).text
    assert 'name="suggested" value="barcamp"' in html  # popular tags offered as buttons
    add_url = reverse("tags:add", args=["wiki", guide.pk])
    with committed():
        response = client.post(add_url, {"names": "wiki guide", "next": guide.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == guide.get_absolute_url()
    with committed():
        client.post(add_url, {"names": "", "suggested": "barcamp"})
    assert names_on(guide) == ["barcamp", "guide", "wiki"]


def test_a_bad_tag_shows_the_form_again_with_the_reason_and_what_was_typed(client, guide, reader):
    client.force_login(reader)
    response = client.post(reverse("tags:add", args=["wiki", guide.pk]), {"names": "ok, !!!"})
    assert response.status_code == 400
    assert "There is a problem" in response.text and "is not a tag" in response.text
    assert 'value="ok, !!!"' in response.text
    assert names_on(guide) == []


def test_next_never_leaves_the_site(client, guide, reader):
    client.force_login(reader)
    with committed():
        response = client.post(
            reverse("tags:add", args=["wiki", guide.pk]),
            {"names": "wiki", "next": "https://evil.example/"},
        )
    assert response["Location"] == guide.get_absolute_url()


def test_tag_pages_are_paginated_and_queries_stay_constant(
    client, community, author, reader, django_assert_max_num_queries
):
    for n in range(23):
        add(reader, page(community, author, title=f"Page {n:02d}"), "wiki")
    client.force_login(reader)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("tags:tag", args=["wiki"]))
    assert first.text.count('class="result"') == 20 and "Page 1 of 2" in first.text
    with django_assert_max_num_queries(12):
        second = client.get(reverse("tags:tag", args=["wiki"]) + "?page=2")
    assert second.text.count('class="result"') == 3


def test_a_popular_tag_is_counted_to_a_limit_and_its_page_says_more_than_that(
    client, community, author, reader, monkeypatch
):
    from tags import views

    monkeypatch.setattr(views, "COUNTED_AT_MOST", 21)
    for n in range(23):
        add(reader, page(community, author, title=f"Page {n:02d}"), "wiki")
    client.force_login(reader)
    first = client.get(reverse("tags:tag", args=["wiki"])).text
    assert "More than 21 items carry this tag; showing the newest." in first
    assert first.count('class="result"') == 20 and "Page 1 of 2" in first
    assert "23 results" not in first
    # The pages reach as far as was counted (the limit and one more); types and search narrow.
    second = client.get(reverse("tags:tag", args=["wiki"]) + "?page=2").text
    assert second.count('class="result"') == 2
    monkeypatch.setattr(views, "COUNTED_AT_MOST", 23)
    assert "23 results." in client.get(reverse("tags:tag", args=["wiki"])).text


def test_a_removed_topic_cannot_be_tagged(client, community, author, reader, facilitator):
    from forums import services as forum_services

    with committed():
        thread = topic(community, author, title="Spam, removed")
    forum_services.topic_remove(topic=thread, by=facilitator)
    with pytest.raises(PermissionDenied):
        add(reader, thread, "spam")
    client.force_login(reader)
    response = client.post(reverse("tags:add", args=["topic", thread.pk]), {"names": "spam"})
    assert response.status_code == 404


def test_a_tag_page_lists_the_visible_items_newest_first(client, community, author, reader):
    """Read through the tag index, newest first, and never a private community's."""
    private = CommunityFactory(name="Closed panel", private=True)
    insider = member_of(private, UserFactory())
    add(reader, page(community, author, title="Older notes"), "fostering")
    add(insider, page(private, insider, title="Panel notes"), "fostering")
    add(reader, page(community, author, title="Newer notes"), "fostering")
    tag = Tag.objects.get(slug="fostering")
    rows = SearchDocument.objects.in_bulk()
    seen = [rows[pk].title for pk in selectors.tagged_documents(user=reader, tag=tag)]
    assert seen == ["Newer notes", "Older notes"]
    client.force_login(reader)
    text = client.get(reverse("tags:tag", args=["fostering"])).text
    assert "Newer notes" in text and "Panel notes" not in text
    client.force_login(insider)
    assert "Panel notes" in client.get(reverse("tags:tag", args=["fostering"])).text
