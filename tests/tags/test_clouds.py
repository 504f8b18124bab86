"""A community's tag cloud is kept in the cache and shared by its viewers (tags/clouds.py):
every fact it depends on changes the page at once, and what varies per viewer (blog entries,
communities the viewer may not see) never comes from the shared counts."""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from taggit.models import Tag

from blogs import services as blog_services
from communities.models import Community
from communities.services import community_update
from documents import services as document_services
from forums import services as forum_services
from tags import clouds, selectors
from tags.services import tag_add, tag_remove
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.forums.factories import topic
from tests.search.helpers import committed
from tests.wikis.factories import page
from wikis import services as wiki_services

CLOUD_TAG = re.compile(r'class="tag-cloud__tag tag-cloud__tag--w\d">([^<]+)<')


def add(user, item, names):
    with committed():
        return tag_add(user=user, item=item, names=names)


def cloud_on(client, community):
    """The words in the tag cloud of the community's home page, as the client sees it."""
    response = client.get(reverse("communities:home", kwargs={"slug": community.slug}))
    assert response.status_code == 200
    html = response.text
    start = html.index('class="tag-cloud"')
    return sorted(CLOUD_TAG.findall(html[start : html.index("</section>", start)]))


def words(user, community):
    return sorted(row["name"] for row in selectors.tag_cloud(user=user, community=community))


@pytest.fixture
def facilitator(community):
    return member_of(community, UserFactory(name="Steve Dale"), facilitator=True)


def test_tagging_and_untagging_change_the_cloud_at_once(client, community, guide, reader, author):
    add(reader, guide, "wiki")
    client.force_login(reader)
    assert cloud_on(client, community) == ["wiki"]
    add(author, guide, "guide")
    assert cloud_on(client, community) == ["guide", "wiki"]
    tag_remove(user=reader, item=guide, tag=Tag.objects.get(name="wiki"))
    assert cloud_on(client, community) == ["guide"]


def test_deleted_and_moderated_items_leave_the_cloud_at_once(
    client, community, author, reader, facilitator
):
    with committed():
        thread = topic(community, author, title="Budgets")
    add(reader, thread, "budget")
    library_item = document(community, author, title="Budget sheet")
    add(reader, library_item, "spreadsheet")
    notes = page(community, author, title="Notes")
    add(reader, notes, "notes")
    client.force_login(reader)
    assert cloud_on(client, community) == ["budget", "notes", "spreadsheet"]

    with committed():
        forum_services.topic_remove(topic=thread, by=facilitator)
    assert cloud_on(client, community) == ["notes", "spreadsheet"]
    with committed():
        forum_services.topic_restore(topic=thread, by=facilitator)
    assert cloud_on(client, community) == ["budget", "notes", "spreadsheet"]

    with committed():
        document_services.document_delete(document=library_item, by=facilitator)
    assert cloud_on(client, community) == ["budget", "notes"]
    with committed():
        wiki_services.page_delete(page=notes, by=facilitator)
    assert cloud_on(client, community) == ["budget"]


def test_a_switched_off_feature_takes_its_tags_out_of_the_cloud_and_back(
    client, community, guide, author, reader, facilitator
):
    with committed():
        thread = topic(community, author, title="Budgets")
    add(reader, thread, "budget")
    add(reader, guide, "wiki")
    client.force_login(reader)
    assert cloud_on(client, community) == ["budget", "wiki"]
    features = list(community.features)
    community_update(
        community=community, by=facilitator, features=[key for key in features if key != "wiki"]
    )
    assert cloud_on(client, community) == ["budget"]
    community_update(
        community=Community.objects.get(pk=community.pk), by=facilitator, features=features
    )
    assert cloud_on(client, community) == ["budget", "wiki"]


def test_a_parents_switched_off_feature_leaves_the_sub_communitys_cloud(author, reader):
    parent = CommunityFactory(name="Parent")
    child = CommunityFactory(name="Child", parent=parent)
    member_of(child, author)
    member_of(child, reader)
    add(reader, page(child, author, title="Child page"), "childwiki")
    assert words(reader, child) == ["childwiki"]
    parent.features = [key for key in parent.features if key != "wiki"]
    parent.save()
    assert words(reader, child) == []


def test_a_community_turned_private_keeps_its_cloud_from_outsiders(community, guide, reader):
    add(reader, guide, "wiki")
    outsider = UserFactory()
    assert words(outsider, community) == ["wiki"]  # public: anyone signed in
    community.visibility = Community.Visibility.PRIVATE
    community.save()
    assert words(outsider, community) == []
    assert words(reader, community) == ["wiki"]
    community.visibility = Community.Visibility.PUBLIC
    community.save()
    assert words(outsider, community) == ["wiki"]


def test_an_inactive_blogs_entry_counts_only_for_its_author_whoever_reads_first(
    community, author, reader
):
    with committed():
        entry = blog_entry(author, title="My week", communities=[community])
    add(reader, page(community, author, title="Shared"), "shared")
    assert words(reader, community) == ["shared"]
    add(reader, entry, "diary")
    assert words(reader, community) == ["diary", "shared"]
    blog_services.blog_set_active(user=author, active=False)
    assert words(author, community) == ["diary", "shared"]  # the author reads first
    assert words(reader, community) == ["shared"]
    assert selectors.popular_tags(user=reader, community=community) == [
        {"name": "shared", "slug": "shared", "count": 1}
    ]
    blog_services.blog_set_active(user=author, active=True)
    assert words(reader, community) == ["diary", "shared"]


def test_a_blog_entry_where_blogs_are_off_counts_only_for_those_who_see_it_elsewhere(
    community, author, reader, facilitator
):
    elsewhere = CommunityFactory(name="Elsewhere", private=True)
    member_of(elsewhere, author)
    insider = member_of(elsewhere, member_of(community, UserFactory()))
    with committed():
        entry = blog_entry(author, title="Cross-posted", communities=[community, elsewhere])
    add(reader, entry, "crosspost")
    community_update(
        community=community,
        by=facilitator,
        features=[key for key in community.features if key != "blogs"],
    )
    assert words(insider, community) == ["crosspost"]  # sees it in the private community
    assert words(reader, community) == []


def test_counts_read_inside_a_transaction_that_rolls_back_are_not_kept(community, guide, reader):
    add(reader, guide, "wiki")
    assert words(reader, community) == ["wiki"]
    with pytest.raises(RuntimeError), transaction.atomic():
        tag_add(user=reader, item=guide, names="rolledback")
        assert words(reader, community) == ["rolledback", "wiki"]
        raise RuntimeError
    assert words(reader, community) == ["wiki"]


def test_a_warm_cloud_costs_no_query_and_a_cold_one_a_single_query(
    community, author, reader, django_assert_num_queries, django_assert_max_num_queries
):
    for n in range(3):
        add(reader, page(community, author, title=f"Page {n}"), f"word{n}, common")
    with django_assert_max_num_queries(1):
        assert len(selectors.tag_cloud(user=reader, community=community)) == 4
    with django_assert_num_queries(0):
        assert len(selectors.tag_cloud(user=reader, community=community)) == 4
        assert len(selectors.popular_tags(user=reader, community=community, exclude=["common"]))


def test_with_the_cache_down_the_cloud_is_read_from_the_database(
    monkeypatch, community, guide, reader
):
    class Down:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    add(reader, guide, "wiki")
    monkeypatch.setattr(clouds, "cache", Down())
    assert words(reader, community) == ["wiki"]
    add(reader, guide, "guide")
    assert words(reader, community) == ["guide", "wiki"]
