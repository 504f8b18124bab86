"""The site-wide cloud (/tags/, and the popular tags offered while tagging an item outside any
community) is added up from per-community counts kept in the cache (tags/clouds.py): it always
answers what counting every visible tag row answers, a private community's tags never count for
anyone who may not see them, and every fact it depends on changes it at once."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from blogs import services as blog_services
from communities.models import Community, Membership
from communities.services import community_update
from documents import services as document_services
from forums import services as forum_services
from search.services import index_item
from tags import clouds, selectors
from tags.services import tag_add, tag_remove
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.communities.worlds import _raw_member_check
from tests.documents.factories import document
from tests.forums.factories import topic
from tests.search.helpers import committed
from tests.wikis.factories import page

CLOUD_WORD = re.compile(
    r'class="tag-cloud__tag tag-cloud__tag--w\d">([^<]+)<span class="visually-hidden"> \((\d+) item'
)


def add(user, item, names):
    with committed():
        return tag_add(user=user, item=item, names=names)


def site_cloud(user):
    """{word: count} on /tags/ as `user` sees it."""
    client = Client()
    client.force_login(user)
    response = client.get(reverse("tags:all"))
    assert response.status_code == 200
    return {word: int(count) for word, count in CLOUD_WORD.findall(response.text)}


def counted_directly(user, limit=100):
    """What the cloud counted before it was kept: every visible tag row, one query."""
    return clouds.counted(clouds.visible_rows(user), limit)


def same_as_counted(*users):
    for user in users:
        assert clouds.site_counts(user, 100) == counted_directly(user), user
        assert clouds.site_counts(user, 2) == counted_directly(user, 2), user


@pytest.fixture
def facilitator(community):
    return member_of(community, UserFactory(name="Steve Dale"), facilitator=True)


@pytest.fixture
def private(db):
    return CommunityFactory(name="Closed panel", private=True)


@pytest.fixture
def insider(private):
    return member_of(private, UserFactory(name="Ian Insider"))


def test_a_private_communitys_tags_never_count_for_outsiders(
    canaries, community, author, reader, private, insider
):
    members_only = _raw_member_check(private)  # site admins see everything (moderation)
    secret = canaries.plant(visible_to=members_only, description="a private community's tag")
    add(insider, page(private, insider, title="Panel only"), secret)
    add(insider, page(private, insider, title="Panel budget"), "budget")
    add(reader, page(community, author, title="Open notes"), "budget")

    assert site_cloud(reader) == {"budget": 1}
    assert site_cloud(insider) == {"budget": 2, secret: 1}
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert site_cloud(admin) == {"budget": 2, secret: 1}
    assert site_cloud(reader) == {"budget": 1}  # the insider's counts are not the reader's
    same_as_counted(reader, insider, admin, UserFactory(), AnonymousUser())


def test_tagging_untagging_deleting_and_moderating_change_it_at_once(
    community, author, reader, facilitator
):
    notes = page(community, author, title="Notes")
    add(reader, notes, "notes, budget")
    with committed():
        thread = topic(community, author, title="Budgets")
    add(reader, thread, "budget")
    sheet = document(community, author, title="Budget sheet")
    add(reader, sheet, "spreadsheet")
    assert site_cloud(reader) == {"budget": 2, "notes": 1, "spreadsheet": 1}

    with committed():
        tag_remove(user=reader, item=notes, tag=Tag.objects.get(name="notes"))
    assert site_cloud(reader) == {"budget": 2, "spreadsheet": 1}
    with committed():
        forum_services.topic_remove(topic=thread, by=facilitator)
    assert site_cloud(reader) == {"budget": 1, "spreadsheet": 1}
    with committed():
        forum_services.topic_restore(topic=thread, by=facilitator)
    assert site_cloud(reader) == {"budget": 2, "spreadsheet": 1}
    with committed():
        document_services.document_delete(document=sheet, by=facilitator)
    assert site_cloud(reader) == {"budget": 2}
    same_as_counted(reader, facilitator, UserFactory())


def test_a_switched_off_feature_and_a_community_turned_private_change_it_at_once(
    community, author, reader, facilitator
):
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    add(reader, page(community, author, title="Budget notes"), "budget, wiki")
    outsider = UserFactory()
    assert site_cloud(outsider) == {"budget": 2, "wiki": 1}

    features = list(community.features)
    community_update(
        community=community, by=facilitator, features=[key for key in features if key != "wiki"]
    )
    assert site_cloud(reader) == {"budget": 1}
    assert site_cloud(outsider) == {"budget": 1}
    community_update(
        community=Community.objects.get(pk=community.pk), by=facilitator, features=features
    )
    assert site_cloud(outsider) == {"budget": 2, "wiki": 1}

    community.refresh_from_db()
    community.visibility = Community.Visibility.PRIVATE
    community.save()
    assert site_cloud(outsider) == {}
    assert site_cloud(reader) == {"budget": 2, "wiki": 1}
    same_as_counted(reader, outsider)


def test_leaving_a_private_community_takes_its_tags_away(private, insider, reader):
    add(insider, page(private, insider, title="Panel notes"), "panel")
    member_of(private, reader)
    assert site_cloud(reader) == {"panel": 1}
    Membership.objects.filter(user=reader, community=private).delete()
    assert site_cloud(reader) == {}


def test_an_item_moved_to_another_community_counts_where_it_is_now(
    community, author, reader, private, insider
):
    with committed():
        thread = topic(community, author, title="Budget thread")
    add(reader, thread, "budget")
    assert site_cloud(reader) == {"budget": 1}
    assert site_cloud(insider) == {"budget": 1}
    type(thread).objects.filter(pk=thread.pk).update(community=private)
    thread.refresh_from_db()
    index_item(thread)
    assert site_cloud(reader) == {}
    assert site_cloud(insider) == {"budget": 1}
    # Its tag row still names the community it was tagged in; untagging it there counts too.
    member_of(private, author)
    with committed():
        tag_remove(user=author, item=thread, tag=Tag.objects.get(name="budget"))
    assert site_cloud(insider) == {}
    same_as_counted(reader, insider)


def test_blog_entries_count_for_those_who_may_read_them(community, author, reader):
    with committed():
        entry = blog_entry(author, title="My week", communities=[community])
    add(reader, entry, "diary")
    add(reader, page(community, author, title="Shared"), "diary, shared")
    assert site_cloud(reader) == {"diary": 2, "shared": 1}
    blog_services.blog_set_active(user=author, active=False)
    assert site_cloud(reader) == {"diary": 1, "shared": 1}
    assert selectors.popular_tags(user=reader, community=None, exclude=["shared"]) == [
        {"name": "diary", "slug": "diary", "count": 1}
    ]
    same_as_counted(reader, author)


def test_a_new_community_reusing_nothing_starts_empty(community, author, reader):
    add(reader, page(community, author, title="Notes"), "notes")
    assert site_cloud(reader) == {"notes": 1}
    other = CommunityFactory(name="Fresh")
    member_of(other, reader)
    assert site_cloud(reader) == {"notes": 1}
    same_as_counted(reader)


def test_the_cache_down_gives_the_same_answer(monkeypatch, community, author, reader, insider):
    add(reader, page(community, author, title="Notes"), "notes")

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, name, down)
    assert clouds.site_counts(reader, 100) == [{"name": "notes", "slug": "notes", "count": 1}]


def test_a_warm_cloud_costs_the_same_queries_however_many_communities(
    django_assert_max_num_queries, author, reader
):
    communities = [CommunityFactory(name=f"Community {n}") for n in range(3)]
    for number, where in enumerate(communities):
        member_of(where, author)
        add(author, page(where, author, title=f"Page {number}"), f"word{number}, common")
    client = Client()
    client.force_login(reader)
    client.get(reverse("tags:all"))

    def warm_queries():
        with django_assert_max_num_queries(99) as counted:
            assert client.get(reverse("tags:all")).status_code == 200
        return len(counted)

    few = warm_queries()
    for number in range(3, 8):
        where = CommunityFactory(name=f"Community {number}")
        member_of(where, author)
        add(author, page(where, author, title=f"Page {number}"), f"word{number}, common")
    client.get(reverse("tags:all"))
    assert warm_queries() == few
    assert site_cloud(reader)["common"] == 8


def test_a_kept_sum_whose_entries_are_gone_or_replaced_is_added_up_again(community, author, reader):
    other = CommunityFactory(name="Other")
    member_of(other, author)
    add(reader, page(community, author, title="Notes"), "notes")
    add(author, page(other, author, title="Plans"), "plans")
    assert site_cloud(reader) == {"notes": 1, "plans": 1}
    # Another process worked the community's counts out again under the same token.
    token = cache.get(clouds._token_key(other.pk))
    key = clouds._site_key(other.pk, token)
    cache.set(key, (1, {"wiki": {Tag.objects.get(name="plans").pk: 5}}))
    add(author, page(other, author, title="More plans"), "plans")
    assert site_cloud(reader) == {"notes": 1, "plans": 2}
    cache.delete(clouds._site_key(community.pk, cache.get(clouds._token_key(community.pk))))
    add(author, page(other, author, title="Yet more plans"), "plans")
    assert site_cloud(reader) == {"notes": 1, "plans": 3}
    same_as_counted(reader)
