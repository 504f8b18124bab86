"""One comments mechanism: add, edit (marked edited), soft delete, restore by moderators."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from comments import services
from comments.models import Comment
from communities.models import Community
from tests.blogs.factories import entry
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db


def add_url(target):
    return reverse("comments:add", kwargs={"kind": "blogentry", "pk": target.pk})


def test_a_member_comments_and_the_count_follows(client, community, alice, bob):
    written = entry(alice, communities=[community])
    client.force_login(bob)
    response = client.post(add_url(written), {"body": "Useful, <b>thanks</b>!"})
    comment = Comment.objects.get()
    assert response["Location"] == f"{written.get_absolute_url()}#comment-{comment.pk}"
    assert comment.body == "Useful, <b>thanks</b>!"  # basic HTML from the textarea is kept
    written.refresh_from_db()
    assert written.comment_count == 1
    assert "Useful, <b>thanks</b>!" in client.get(written.get_absolute_url()).content.decode()


def test_an_empty_comment_is_refused_with_a_message(client, community, alice, bob):
    written = entry(alice, communities=[community])
    client.force_login(bob)
    response = client.post(add_url(written), {"body": "<p> </p>"})
    assert response.status_code == 200
    assert "Write something in your comment." in response.content.decode()


def test_only_the_author_edits_and_the_comment_says_it_was_edited(client, community, alice, bob):
    written = entry(alice, communities=[community])
    comment = services.comment_create(target=written, author=bob, body="First thought")
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, by=alice, body="Put words in his mouth")
    client.force_login(bob)
    url = reverse("comments:edit", kwargs={"pk": comment.pk})
    assert client.post(url, {"body": "Second thought", "base_version": 1}).status_code == 302
    html = client.get(written.get_absolute_url()).content.decode()
    assert "Second thought" in html and "(edited" in html


def test_deleting_is_soft_and_moderators_restore(community, alice, bob, facilitator, outsider):
    written = entry(alice, communities=[community])
    comment = services.comment_create(target=written, author=bob, body="Regret")
    with pytest.raises(PermissionDenied):
        services.comment_remove(comment=comment, by=outsider)
    services.comment_remove(comment=comment, by=bob)
    written.refresh_from_db()
    assert Comment.objects.get().removal == "author" and written.comment_count == 0
    with pytest.raises(PermissionDenied):
        services.comment_restore(comment=comment, by=bob)
    services.comment_restore(comment=comment, by=facilitator)  # facilitator of its community
    written.refresh_from_db()
    assert not Comment.objects.get().is_removed and written.comment_count == 1


def test_the_blog_owner_moderates_comments_on_their_blog(community, alice, bob):
    written = entry(alice)
    comment = services.comment_create(target=written, author=bob, body="Rude words")
    services.comment_remove(comment=comment, by=alice)
    assert Comment.objects.get().removal == "moderator"


def test_comments_close_when_every_community_of_the_entry_has_closed_down(
    client, community, alice, bob
):
    written = entry(alice, communities=[community])
    Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
    with pytest.raises(PermissionDenied):
        services.comment_create(target=written, author=bob, body="Too late")
    client.force_login(bob)
    html = client.get(written.get_absolute_url()).content.decode()
    assert "Comments are closed" in html and "Add a comment" not in html


def test_comments_are_visible_exactly_when_their_target_is(
    community, private_community, alice, bob, outsider
):
    join(alice, private_community)
    join(bob, private_community)
    private = entry(alice, communities=[private_community])
    services.comment_create(target=private, author=bob, body="Members only")
    services.comment_create(target=entry(alice), author=bob, body="Anyone")
    assert [c.body for c in Comment.objects.visible_to(outsider)] == ["<p>Anyone</p>"]
    assert Comment.objects.visible_to(bob).count() == 2
