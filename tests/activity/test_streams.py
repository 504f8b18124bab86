"""What's happening (My home and the full page), each community's recent activity, and the
public "breaking conversations" page: newest first, paginated, constant queries, and never
anything the viewer may not see."""

from datetime import timedelta

import pytest
from django.urls import reverse

from activity.models import Activity, Verb
from activity.services import hide_for
from tests.accounts.factories import AdminFactory, UserFactory
from tests.activity.factories import log, stand_in
from tests.communities.factories import CommunityFactory, MembershipFactory, member_of

pytestmark = pytest.mark.django_db


def member_only(community):
    def visible_to(user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return user.is_staff or community.memberships.filter(user=user).exists()

    return visible_to


@pytest.fixture
def places(canaries):
    """A public community, a private one with a canary in its activity, and a reader who
    belongs to the public one only."""
    public = CommunityFactory(name="Social Media and Online Collaboration")
    private = CommunityFactory(name="Adoption Policy CoP", private=True)
    reader = member_of(public, UserFactory(name="Alex Reader"))
    token = canaries.plant(visible_to=member_only(private), description="private topic title")
    log(Verb.TOPIC_STARTED, community=private, title=f"Secret panel {token}", ago=timedelta(1))
    log(Verb.TOPIC_STARTED, community=public, title="Open budget templates", ago=timedelta(2))
    return public, private, reader, token


def test_whats_happening_on_my_home_shows_what_the_member_can_see_and_nothing_else(client, places):
    public, private, reader, token = places
    client.force_login(reader)
    page = client.get("/").content.decode()
    assert "What’s happening" in page
    assert "Open budget templates" in page
    assert token not in page


def test_members_of_the_private_community_and_site_admins_see_its_activity(client, places):
    public, private, reader, token = places
    insider = member_of(private)
    for viewer in (insider, AdminFactory()):
        client.force_login(viewer)
        assert token in client.get(reverse("activity:stream")).content.decode()


def test_my_communities_only_filter_leaves_out_public_communities_i_have_not_joined(client):
    joined = CommunityFactory(name="Joined CoP")
    other = CommunityFactory(name="Other CoP")
    me = member_of(joined)
    log(community=joined, title="In my community")
    log(community=other, title="In another public community")
    client.force_login(me)

    everything = client.get(reverse("activity:stream")).content.decode()
    mine = client.get(reverse("activity:stream"), {"show": "mine"}).content.decode()

    assert "In my community" in everything and "In another public community" in everything
    assert "In my community" in mine and "In another public community" not in mine


def test_the_stream_pages_back_through_older_activity_without_repeats(client):
    community = CommunityFactory()
    viewer = member_of(community)
    for n in range(45):
        log(community=community, title=f"Topic number {n:02d}", ago=timedelta(minutes=n))
    client.force_login(viewer)

    seen, url, pages = [], reverse("activity:stream"), 0
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [row.title for row in page.rows]
        url = (
            f"{reverse('activity:stream')}?before={page.next_cursor}" if page.next_cursor else None
        )
        pages += 1
    assert pages == 3
    assert seen == [f"Topic number {n:02d}" for n in range(45)]


def test_a_stream_page_costs_the_same_few_queries_for_few_or_many_rows(
    client, django_assert_max_num_queries
):
    community = CommunityFactory()
    viewer = member_of(community)
    client.force_login(viewer)
    log(community=community)
    client.get(reverse("activity:stream"))  # warms what communities.sight caches
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("activity:stream"))
    for _ in range(30):
        log(community=community, actor=UserFactory())
    with django_assert_max_num_queries(10) as many:
        client.get(reverse("activity:stream"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_deleted_or_hidden_targets_drop_out_of_the_stream(client):
    community = CommunityFactory()
    viewer = member_of(community)
    deleted = stand_in(community)
    hidden = stand_in(community)
    log(community=community, target=deleted, title="Deleted topic")
    log(community=community, target=hidden, title="Hidden topic")
    log(community=community, title="Still here")
    deleted.delete()
    hide_for(hidden)
    client.force_login(viewer)

    page = client.get(reverse("activity:stream")).content.decode()
    assert "Still here" in page
    assert "Deleted topic" not in page and "Hidden topic" not in page


def test_a_community_shows_its_own_recent_activity_on_its_home_and_its_activity_page(client):
    community = CommunityFactory(name="Knowledge Management")
    elsewhere = CommunityFactory(name="Elsewhere")
    viewer = member_of(community)
    log(community=community, title="Taxonomy workshop notes")
    log(community=elsewhere, title="Not from here")
    client.force_login(viewer)

    for url in (community.get_absolute_url(), reverse("activity:community", args=[community.slug])):
        page = client.get(url).content.decode()
        assert "Taxonomy workshop notes" in page
        assert "Not from here" not in page


def test_a_private_communitys_activity_page_is_hidden_from_outsiders(client, places):
    public, private, reader, token = places
    client.force_login(reader)
    response = client.get(reverse("activity:community", args=[private.slug]))
    assert response.status_code == 403  # listed: the "ask to join" page, without its content
    assert token not in response.content.decode()


def test_breaking_conversations_gathers_open_conversations_by_topic(client, places):
    public, private, reader, token = places
    topic = stand_in(public)
    log(Verb.TOPIC_STARTED, community=public, target=topic, title="Hybrid meetings")
    for _ in range(3):
        log(Verb.REPLY_POSTED, community=public, subject=topic, title="Hybrid meetings")
    log(Verb.MEMBER_JOINED, community=public, title=public.name)
    client.force_login(reader)

    response = client.get(reverse("activity:conversations"))
    groups = response.context["page_obj"].object_list
    titles = [group["row"].title for group in groups]
    assert titles == ["Hybrid meetings", "Open budget templates"]
    assert groups[0]["posts"] == 4 and groups[0]["people"] == 4
    assert token not in response.content.decode()


def test_breaking_conversations_leaves_out_private_communities_even_for_their_members(
    client, places
):
    """It is the communal space: what everyone can join in, not a member's private view."""
    public, private, reader, token = places
    client.force_login(AdminFactory())
    assert token not in client.get(reverse("activity:conversations")).content.decode()


def test_sub_community_activity_follows_the_parents_privacy(client, canaries):
    parent = CommunityFactory(name="Private parent", private=True)
    sub = CommunityFactory(name="Public-looking sub", parent=parent)
    outsider = UserFactory()
    MembershipFactory(community=parent)
    token = canaries.plant(visible_to=member_only(parent), description="sub-community topic")
    log(community=sub, title=f"Sub topic {token}")
    client.force_login(outsider)
    for url in ("/", reverse("activity:stream"), reverse("activity:conversations")):
        assert token not in client.get(url).content.decode()
    assert Activity.objects.visible_to(outsider).count() == 0


def test_a_conversation_on_a_members_blog_names_the_blogs_owner_not_the_latest_commenter(
    client, django_assert_max_num_queries
):
    from comments.services import comment_create
    from tests.blogs.factories import entry

    fran = UserFactory(name="Fran Facilitator")
    owen = UserFactory(name="Owen Hughes")
    reader = UserFactory(name="Alex Reader")
    written = entry(fran, title="What makes a welcome work")
    comment_create(target=written, author=owen, body="<p>A named host for each newcomer.</p>")
    client.force_login(reader)
    client.get(reverse("activity:conversations"))  # warms what communities.sight caches

    with django_assert_max_num_queries(10) as one:
        page = client.get(reverse("activity:conversations")).content.decode()
    assert "On Fran Facilitator’s blog" in page
    assert "Owen Hughes’s blog" not in page
    assert "by Owen Hughes" in page

    for n in range(5):
        other = entry(UserFactory(name=f"Blogger {n}"), title=f"Entry {n}")
        comment_create(target=other, author=UserFactory(), body="<p>Agreed.</p>")
    with django_assert_max_num_queries(10) as many:
        page = client.get(reverse("activity:conversations")).content.decode()
    assert all(f"On Blogger {n}’s blog" in page for n in range(5))
    assert len(many.captured_queries) == len(one.captured_queries)
