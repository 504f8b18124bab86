"""Every member has a blog; entries are published into communities and read through them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from blogs import services
from blogs.models import BlogEntry
from comments.models import Comment
from communities.models import Community
from tests.accounts.factories import AdminFactory
from tests.blogs.factories import entry
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db


def visible(user):
    return set(BlogEntry.objects.visible_to(user).values_list("title", flat=True))


def test_who_can_read_an_entry(community, private_community, alice, bob, outsider):
    join(alice, private_community)
    entry(alice, title="Personal")
    entry(alice, title="Public community", communities=[community])
    entry(alice, title="Private only", communities=[private_community])
    entry(alice, title="Both", communities=[community, private_community])
    everyone = {"Personal", "Public community", "Both"}
    assert visible(alice) == everyone | {"Private only"}
    assert visible(bob) == visible(outsider) == everyone
    assert visible(AdminFactory()) == everyone | {"Private only"}
    join(bob, private_community)
    assert visible(bob) == everyone | {"Private only"}  # membership is read on every query


def test_an_inactive_blog_is_seen_by_nobody_but_its_author(client, community, alice, bob):
    entry(alice, title="Hidden while inactive", communities=[community])
    client.force_login(alice)
    client.post(reverse("blogs:set_active"), {"active": "0"})
    assert visible(bob) == set() and visible(alice) == {"Hidden while inactive"}
    assert (
        "This blog is inactive."
        in client.get(reverse("blogs:user", kwargs={"username": "alice"})).content.decode()
    )
    client.post(reverse("blogs:set_active"), {"active": "1"})
    assert visible(bob) == {"Hidden while inactive"}


def test_the_blog_shows_date_community_and_comment_count(client, community, alice, bob):
    published = entry(alice, communities=[community])
    client.force_login(bob)
    client.post(
        reverse("comments:add", kwargs={"kind": "blogentry", "pk": published.pk}),
        {"body": "Happy to help"},
    )
    html = client.get(reverse("blogs:user", kwargs={"username": "alice"})).content.decode()
    assert "CoP experiences - your feedback needed" in html
    assert f">{community.name}</a>" in html and "1 comment<" in html
    assert "<h1>Alice Adams's blog</h1>" in html  # the name, never the handle


def test_publishing_puts_the_entry_in_the_community_blog_entries_tab(
    client, community, private_community, alice
):
    client.force_login(alice)
    form = client.get(reverse("blogs:entry_new")).content.decode()
    assert community.name in form and private_community.name not in form  # not a member there
    response = client.post(
        reverse("blogs:entry_new"),
        {"title": "BarCamp notes", "body": "Good day", "communities": [community.pk]},
    )
    created = BlogEntry.objects.get(title="BarCamp notes")
    assert response["Location"] == created.get_absolute_url()
    tab = client.get(reverse("blogs:community", kwargs={"slug": community.slug}))
    assert "BarCamp notes" in tab.content.decode()
    assert "Blog entries" in tab.content.decode()


def test_publishing_into_a_community_you_do_not_belong_to_is_refused(private_community, alice):
    with pytest.raises(PermissionDenied):
        entry(alice, communities=[private_community])


def test_bad_input_keeps_what_was_typed(client, community, alice):
    client.force_login(alice)
    response = client.post(
        reverse("blogs:entry_new"), {"title": "", "body": "A long careful draft"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give your entry a title." in html and "A long careful draft" in html


def test_editing_keeps_publications_in_communities_that_closed_down(
    client, community, private_community, alice
):
    join(alice, private_community)
    written = entry(alice, communities=[community, private_community])
    Community.objects.filter(pk=private_community.pk).update(stage=Community.Stage.CLOSEDOWN)
    client.force_login(alice)
    url = reverse("blogs:entry_edit", kwargs={"username": "alice", "pk": written.pk})
    edit = {"title": "Edited", "body": "New words", "communities": [], "base_version": 1}
    assert client.post(url, edit).status_code == 302
    written.refresh_from_db()
    assert written.edited_at is not None
    assert [p.community for p in written.publications.all()] == [private_community]


def test_deleting_an_entry_deletes_its_comments(client, community, alice, bob):
    written = entry(alice, communities=[community])
    client.force_login(bob)
    client.post(
        reverse("comments:add", kwargs={"kind": "blogentry", "pk": written.pk}), {"body": "Hi"}
    )
    with pytest.raises(PermissionDenied):
        services.entry_delete(entry=written, by=bob)
    client.force_login(alice)
    url = reverse("blogs:entry_delete", kwargs={"username": "alice", "pk": written.pk})
    assert "1 comment" in client.get(url).content.decode()
    client.post(url)
    assert not BlogEntry.objects.exists() and not Comment.objects.exists()


def test_the_entry_says_who_can_see_it(client, community, private_community, alice):
    join(alice, private_community)
    client.force_login(alice)
    personal = entry(alice, title="Personal")
    private = entry(alice, title="Private", communities=[private_community])
    assert (
        "it is not published in a community"
        in client.get(personal.get_absolute_url()).content.decode()
    )
    assert (
        f"Visible to the members of {private_community.name}"
        in client.get(private.get_absolute_url()).content.decode()
    )
