"""Forum rules, as the services enforce them (views only decide 404 vs 403 on top)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from communities.models import Community
from forums import services
from forums.models import MAX_DEPTH, Post, Topic
from tests.forums.factories import reply, topic
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db


def test_starting_a_topic_keeps_a_clean_body_a_teaser_and_the_counters(community, alice):
    started = topic(
        community,
        alice,
        title="  Social   Media Risks ",
        body="<p onclick='x()'>A common theme that has cropped up in discussions</p>"
        "<script>x</script>",
    )
    assert started.title == "Social Media Risks"
    assert started.opening_post.body == "<p>A common theme that has cropped up in discussions</p>"
    assert started.teaser == "A common theme that has cropped up in discussions"
    assert (started.reply_count, started.last_poster) == (0, alice)
    community.refresh_from_db()
    assert community.last_activity_at == started.last_activity_at


def test_replies_to_replies_are_filed_under_their_parent_in_reading_order(community, alice, bob):
    t = topic(community, alice)
    first = reply(t, bob, body="first")
    second = reply(t, alice, body="second")
    answer_to_first = reply(t, alice, body="answer to first", parent=first)
    deeper = reply(t, bob, body="deeper", parent=answer_to_first)
    ordered = list(Post.objects.filter(topic=t, is_opening=False).order_by("path"))
    assert ordered == [first, answer_to_first, deeper, second]
    assert [p.depth for p in ordered] == [1, 2, 3, 1]
    t.refresh_from_db()
    assert (t.reply_count, t.last_poster) == (4, bob)


def test_threads_stop_nesting_at_the_maximum_depth(community, alice, bob):
    t = topic(community, alice)
    parent = None
    for _ in range(MAX_DEPTH + 2):
        parent = reply(t, bob, parent=parent)
    assert parent.depth == MAX_DEPTH


def test_only_members_of_an_open_community_can_post(community, alice, outsider):
    with pytest.raises(PermissionDenied):
        topic(community, outsider)
    t = topic(community, alice)
    community.stage = Community.Stage.CLOSEDOWN
    community.save()
    with pytest.raises(PermissionDenied, match="closed down"):
        reply(t, alice)
    with pytest.raises(PermissionDenied):
        topic(community, alice)


def test_a_locked_topic_takes_replies_only_from_facilitators(community, alice, bob, facilitator):
    t = topic(community, alice)
    services.topic_set_locked(topic=t, by=facilitator, locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        reply(t, bob)
    assert reply(t, facilitator).pk
    with pytest.raises(PermissionDenied):
        services.topic_set_locked(topic=t, by=alice, locked=False)


def test_editing_marks_the_post_edited_and_the_opening_post_retitles_the_topic(
    community, alice, bob
):
    t = topic(community, alice)
    services.post_edit(post=t.opening_post, by=alice, body="<p>Better words</p>", title="New title")
    t.refresh_from_db()
    assert (t.title, t.teaser) == ("New title", "Better words")
    assert Post.objects.get(pk=t.opening_post_id).edited_at is not None
    with pytest.raises(PermissionDenied):
        services.post_edit(post=t.opening_post, by=bob, body="Hijack")


def test_deleting_is_soft_and_facilitators_can_restore(community, alice, bob, facilitator):
    t = topic(community, alice)
    first = reply(t, bob)
    child = reply(t, alice, parent=first)
    with pytest.raises(PermissionDenied):
        services.post_remove(post=first, by=alice)  # not hers, and she is no facilitator
    services.post_remove(post=first, by=bob)
    first.refresh_from_db()
    t.refresh_from_db()
    assert first.is_removed and first.removal == "author" and t.reply_count == 1
    assert Post.objects.get(pk=child.pk).parent_id == first.pk  # the reply to it keeps its place
    with pytest.raises(PermissionDenied):
        services.post_restore(post=first, by=bob)
    services.post_restore(post=first, by=facilitator)
    t.refresh_from_db()
    assert not Post.objects.get(pk=first.pk).is_removed and t.reply_count == 2


def test_a_facilitator_deletes_and_restores_a_topic(community, alice, facilitator):
    t = topic(community, alice)
    services.topic_remove(topic=t, by=facilitator)
    assert Topic.objects.get(pk=t.pk).removal == "moderator"
    assert Post.objects.get(pk=t.opening_post_id).is_removed
    services.topic_restore(topic=t, by=facilitator)
    assert not Topic.objects.get(pk=t.pk).is_removed


def test_pinning_is_for_facilitators(community, alice, facilitator):
    t = topic(community, alice)
    with pytest.raises(PermissionDenied):
        services.topic_set_pinned(topic=t, by=alice, pinned=True)
    services.topic_set_pinned(topic=t, by=facilitator, pinned=True)
    assert Topic.objects.get(pk=t.pk).is_pinned


def test_the_asker_or_a_facilitator_marks_one_reply_as_the_answer(
    community, alice, bob, facilitator
):
    question = topic(community, alice, kind=Topic.Kind.QUESTION)
    discussion = topic(community, alice)
    good, better = reply(question, bob), reply(question, facilitator)
    with pytest.raises(PermissionDenied):
        services.answer_mark(topic=question, post=good, by=bob)
    services.answer_mark(topic=question, post=good, by=alice)
    services.answer_mark(topic=question, post=better, by=facilitator)
    assert Topic.objects.get(pk=question.pk).accepted_answer == better
    with pytest.raises(PermissionDenied):
        services.answer_mark(topic=discussion, post=reply(discussion, bob), by=alice)
    services.post_remove(post=better, by=facilitator)
    assert Topic.objects.get(pk=question.pk).accepted_answer is None


def test_mentions_email_members_who_can_see_the_topic_and_only_once(
    community, private_community, alice, bob, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        t = topic(community, alice, body="Ideas, @bob and @olive?")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([bob.email, outsider.email])
    assert "Alice Adams mentioned you" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(post=t.opening_post, by=alice, body="Ideas, @bob and @olive? Edited")
    assert mail.outbox == []  # already told

    join(alice, private_community)
    with django_capture_on_commit_callbacks(execute=True):
        topic(private_community, alice, body="Members only: @olive")
    assert mail.outbox == []  # Olive cannot see the private community: no email
