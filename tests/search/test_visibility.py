"""Search finds exactly what the searcher may see: private communities, sub-communities,
revoked membership, deleted and hidden content, personal and published blog entries.

Private text carries canary tokens: any response that shows one to someone who may not see it
fails the test (tests/permissions/canary.py), so these tests check the rendered pages, not only
the querysets."""

from django.urls import reverse

from blogs import services as blog_services
from communities import services as community_services
from communities.models import Community, Membership
from documents import services as document_services
from forums import services as forum_services
from search.models import SearchDocument
from search.query import SearchRequest, search
from tests.accounts.factories import AdminFactory, UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.forums.factories import reply, topic
from tests.search.helpers import committed
from tests.wikis.factories import page
from wikis import services as wiki_services


def members_of(community):
    def visible_to(user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_staff:
            return True
        return Membership.objects.filter(user=user, community=community).exists()

    return visible_to


def titles(user, q="", **filters):
    page_obj = search(user, SearchRequest(q=q, **filters)).page(1)
    return [row.title for row in page_obj.object_list]


def search_page(client, user, query):
    client.force_login(user)
    response = client.get(reverse("search:index") + "?" + query)
    assert response.status_code == 200
    return response.text


def test_private_content_is_found_by_members_and_admins_only(
    client, canaries, private, priya, owen
):
    secret = canaries.plant(visible_to=members_of(private), description="private wiki page")
    page(
        private,
        priya,
        title=f"Adoption panel checklist {secret}",
        body=f"<p>Checklist for panel chairs {secret}</p>",
    )
    document(
        private,
        priya,
        title=f"Panel minutes {secret}",
        description=f"<p>Minutes of the checklist meeting {secret}</p>",
    )

    assert len(titles(priya, "checklist")) == 2
    assert titles(owen, "checklist") == []
    assert len(titles(AdminFactory(), "checklist")) == 2
    # The rendered page, with snippets and tags, for everyone (the canaries watch).
    assert "Adoption panel" in search_page(client, priya, "q=checklist")
    assert "Nothing you can see matches" in search_page(client, owen, "q=checklist")
    assert "Adoption panel" not in search_page(client, UserFactory(), "q=checklist+panel")


def test_a_private_community_cannot_be_chosen_as_a_filter_by_outsiders(client, private, owen):
    client.force_login(owen)
    response = client.get(reverse("search:index") + f"?q=x&community={private.slug}")
    assert response.status_code == 400
    assert "Choose one of your communities from the list." in response.text


def test_leaving_a_community_takes_its_private_content_out_of_your_results(private, priya):
    someone = member_of(private, UserFactory(name="Tom Clarke"))
    page(private, priya, title="Matching policy", body="<p>Sibling groups.</p>")
    assert titles(someone, "sibling") == ["Matching policy"]
    community_services.membership_leave(user=someone, community=private)
    assert titles(someone, "sibling") == []


def test_a_removed_member_loses_access_at_once(private, priya):
    someone = member_of(private, UserFactory(name="Tom Clarke"))
    page(private, priya, title="Matching policy", body="<p>Sibling groups.</p>")
    community_services.member_remove(community=private, user=someone, by=priya)
    assert titles(someone, "sibling") == []


def test_a_community_made_private_disappears_from_outsiders_results(public, priya, owen):
    page(public, priya, title="Open data day", body="<p>Hack the budget.</p>")
    outsider = UserFactory()
    assert titles(outsider, "budget") == ["Open data day"]
    Community.objects.filter(pk=public.pk).update(visibility=Community.Visibility.PRIVATE)
    assert titles(outsider, "budget") == []
    assert titles(owen, "budget") == ["Open data day"]  # still a member


def test_a_sub_community_is_hidden_from_members_of_the_parent_only(private, priya):
    sub = CommunityFactory(name="Panel Task Group", private=True, parent=private)
    member_of(sub, priya)
    parent_only = member_of(private, UserFactory())
    page(sub, priya, title="Task group notes", body="<p>Recruitment drive.</p>")
    assert titles(priya, "recruitment") == ["Task group notes"]
    assert titles(parent_only, "recruitment") == []


def test_deleted_and_hidden_content_is_never_found(canaries, public, priya, owen):
    wiki = page(public, priya, title="Obsolete page", body="<p>Zebra crossing.</p>")
    doc = document(public, priya, title="Obsolete zebra report")
    with committed():
        thread = topic(
            public, priya, title="Zebra crossings near schools", body="<p>Where are yours?</p>"
        )
        answer = reply(thread, owen, body="<p>Outside the zebra museum.</p>")
    assert len(titles(owen, "zebra")) == 3

    with committed():
        forum_services.post_remove(post=answer, by=owen)  # its words leave the topic's row
    assert "museum" not in SearchDocument.objects.get(kind="topic").body
    facilitator = member_of(public, UserFactory(), facilitator=True)
    wiki_services.page_delete(page=wiki, by=facilitator)
    document_services.document_delete(document=doc, by=priya)  # her own upload
    forum_services.topic_remove(topic=thread, by=facilitator)
    assert titles(owen, "zebra") == []
    assert titles(AdminFactory(), "zebra") == []


def test_a_hidden_reply_is_found_again_when_restored(public, priya, owen):
    facilitator = member_of(public, UserFactory(), facilitator=True)
    with committed():
        thread = topic(public, priya, title="Parking permits", body="<p>Costs?</p>")
        answer = reply(thread, owen, body="<p>Ours are free for carers.</p>")
    assert titles(owen, "carers") == ["Parking permits"]
    with committed():
        forum_services.post_remove(post=answer, by=facilitator)
    assert titles(owen, "carers") == []
    with committed():
        forum_services.post_restore(post=answer, by=facilitator)
    assert titles(owen, "carers") == ["Parking permits"]


def test_blog_entries_follow_the_blog_rule(client, canaries, public, private, priya, owen):
    secret = canaries.plant(
        visible_to=lambda u: members_of(private)(u) or u == priya,
        description="entry published only in a private community",
    )
    with committed():
        blog_entry(priya, title="Personal reflections on fostering", body="<p>Personal.</p>")
        blog_entry(
            priya,
            title=f"Fostering panel notes {secret}",
            body=f"<p>{secret}</p>",
            communities=[private],
        )
    stranger = UserFactory()
    assert titles(stranger, "fostering") == ["Personal reflections on fostering"]
    assert sorted(titles(priya, "fostering")) == sorted(
        ["Personal reflections on fostering", f"Fostering panel notes {secret}"]
    )
    member_of(private, owen)
    assert len(titles(owen, "fostering")) == 2
    # "Search this community" finds entries published in it.
    in_private = titles(owen, "fostering", community=private)
    assert in_private == [f"Fostering panel notes {secret}"]
    assert "Fostering panel notes" not in search_page(client, stranger, "q=fostering")


def test_an_inactive_blog_is_found_by_its_author_only(priya, owen):
    with committed():
        blog_entry(priya, title="Thoughts on kinship care", body="<p>Kinship.</p>")
    blog_services.blog_set_active(user=priya, active=False)
    assert titles(owen, "kinship") == []
    assert titles(priya, "kinship") == ["Thoughts on kinship care"]


def test_signed_out_people_find_nothing_and_are_sent_to_sign_in(client, public, priya):
    page(public, priya, title="Open data day")
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser(), "open") == []
    response = client.get(reverse("search:index") + "?q=open")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_switched_off_feature_takes_its_items_out_of_search_and_tag_pages(
    client, public, priya, owen
):
    """A community that switches its wiki off shows no wiki pages anywhere: its wiki pages
    answer 404, so search and tag pages must not list them either (site admins included)."""
    from core.features import keys
    from tags.services import tag_add

    sub = CommunityFactory(name="Open Data Task Group", parent=public)
    member_of(sub, owen)
    wiki = page(public, priya, title="Ferry timetable notes", body="<p>Ferry times.</p>")
    in_sub = page(sub, owen, title="Ferry data sources", body="<p>Ferry feeds.</p>")
    document(public, priya, title="Ferry fares spreadsheet")
    with committed():
        tag_add(user=owen, item=wiki, names="ferries")
        tag_add(user=owen, item=in_sub, names="ferries")
    assert len(titles(owen, "ferry")) == 3

    facilitator = member_of(public, UserFactory(), facilitator=True)
    without_wiki = [key for key in keys() if key != "wiki"]
    community_services.community_update(community=public, by=facilitator, features=without_wiki)

    # The parent's switched-off wiki also switches off the sub-community's.
    for user in (owen, AdminFactory()):
        assert titles(user, "ferry") == ["Ferry fares spreadsheet"]
    client.force_login(owen)
    assert "Ferry timetable" not in search_page(client, owen, "q=ferry")
    tag_page = client.get(reverse("tags:tag", args=["ferries"]))
    assert "Ferry timetable" not in tag_page.text and "Ferry data sources" not in tag_page.text

    community_services.community_update(community=public, by=facilitator, features=keys())
    assert len(titles(owen, "ferry")) == 3
