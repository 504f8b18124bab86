"""The feature apps write the log through their own services, and hide rows when content goes."""

import pytest
from django.core import mail

from activity.models import Activity, Verb
from alerts.models import Frequency
from alerts.services import subscribe
from blogs import services as blog_services
from comments import services as comment_services
from forums import services as forum_services
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry as blog_entry
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def visible_titles(user):
    return sorted(Activity.objects.visible_to(user).values_list("title", flat=True))


def test_topics_and_replies_are_logged_with_plain_text_excerpts():
    community = CommunityFactory()
    author, replier = member_of(community), member_of(community)
    started = topic(community, author, title="Hybrid meetings", body="<p>What <b>works</b>?</p>")
    answer = reply(started, replier, body="<p>Good microphones.</p>")

    rows = list(Activity.objects.order_by("pk"))
    assert [(r.verb, r.actor, r.title, r.excerpt) for r in rows] == [
        (Verb.TOPIC_STARTED, author, "Hybrid meetings", "What works?"),
        (Verb.REPLY_POSTED, replier, "Hybrid meetings", "Good microphones."),
    ]
    assert rows[1].target == answer and rows[1].subject == started
    assert rows[1].url == answer.get_absolute_url()


def test_removing_and_restoring_forum_content_hides_and_shows_its_rows():
    community = CommunityFactory()
    facilitator = member_of(community, facilitator=True)
    started = topic(community, member_of(community), title="Budgets")
    kept = reply(started, member_of(community), body="<p>kept</p>")
    removed = reply(started, member_of(community), body="<p>removed</p>")

    forum_services.post_remove(post=removed, by=facilitator)
    assert Activity.objects.shown().count() == 2
    forum_services.topic_remove(topic=started, by=facilitator)
    assert Activity.objects.shown().count() == 0
    forum_services.topic_restore(topic=started, by=facilitator)
    shown = set(Activity.objects.shown().values_list("target_id", "verb"))
    assert shown == {(started.pk, Verb.TOPIC_STARTED), (kept.pk, Verb.REPLY_POSTED)}


def test_a_reply_rings_the_bell_of_the_person_replied_to_and_mentions_ring_too(
    django_capture_on_commit_callbacks,
):
    community = CommunityFactory()
    author = member_of(community, UserFactory(name="Priya Shah"))
    replier = member_of(community, UserFactory(name="Tom Evans"))
    mentioned = member_of(community, UserFactory(username="grace", name="Grace Okafor"))
    started = topic(community, author, title="Hybrid meetings")
    with django_capture_on_commit_callbacks(execute=True):
        reply(started, replier, body="<p>Agreed, and @grace knows more.</p>")

    [to_author] = Notification.objects.for_user(author)
    assert to_author.kind == "reply"
    assert to_author.summary == "Tom Evans replied to your post in “Hybrid meetings”."
    [to_grace] = Notification.objects.for_user(mentioned)
    assert to_grace.kind == "mention" and "Tom Evans mentioned you" in to_grace.summary


def test_a_personal_blog_entry_is_seen_by_everyone_signed_in_until_the_blog_is_closed():
    author = UserFactory()
    reader = UserFactory()
    blog_entry(author, title="Notes from the conference")
    assert visible_titles(reader) == ["Notes from the conference"]
    blog_services.blog_set_active(user=author, active=False)
    assert visible_titles(reader) == []
    assert visible_titles(author) == ["Notes from the conference"]


def test_a_blog_entry_published_into_a_private_community_stays_with_its_members(canaries):
    private = CommunityFactory(private=True)
    author, insider, outsider = member_of(private), member_of(private), UserFactory()
    token = canaries.plant(
        visible_to=lambda user: user is not None and user.pk in {author.pk, insider.pk},
        description="private blog entry",
    )
    entry = blog_entry(author, title=f"Panel notes {token}")  # personal at first...
    assert visible_titles(outsider) == [f"Panel notes {token}"]
    blog_services.entry_edit(  # ...then published into the private community only
        entry=entry, by=author, title=entry.title, body=entry.body, communities=[private]
    )
    assert visible_titles(outsider) == []
    assert visible_titles(insider) == [f"Panel notes {token}", f"Panel notes {token}"]


def test_an_entry_published_into_two_communities_is_one_item_for_the_bloggers_followers(
    django_capture_on_commit_callbacks,
):
    first, second = CommunityFactory(), CommunityFactory()
    author = member_of(first, member_of(second))
    fan = member_of(first, member_of(second))
    subscribe(user=fan, target=author, feature="blogs", frequency=Frequency.IMMEDIATE)
    subscribe(user=fan, target=first, frequency=Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        blog_entry(author, title="Cross-posted", communities=[first, second])
    assert Activity.objects.filter(verb=Verb.BLOG_PUBLISHED).count() == 2
    assert [m.to for m in mail.outbox] == [[fan.email]]


def test_comments_are_logged_about_what_they_are_on_and_hidden_when_removed():
    author, commenter = UserFactory(), UserFactory()
    entry = blog_entry(author, title="Notes")
    comment = comment_services.comment_create(target=entry, author=commenter, body="<p>Thanks!</p>")
    row = Activity.objects.get(verb=Verb.COMMENT_POSTED)
    assert (row.subject, row.community, row.feature) == (entry, None, "blogs")
    assert row.excerpt == "Thanks!"
    comment_services.comment_remove(comment=comment, by=commenter)
    assert not Activity.objects.shown().filter(verb=Verb.COMMENT_POSTED).exists()


def test_a_comment_on_my_blog_entry_rings_my_bell():
    author, commenter = UserFactory(), UserFactory(name="Owen Hughes")
    entry = blog_entry(author, title="Notes")
    comment_services.comment_create(target=entry, author=commenter, body="<p>Thanks!</p>")
    comment_services.comment_create(target=entry, author=author, body="<p>My pleasure.</p>")
    [notification] = Notification.objects.for_user(author)
    assert notification.summary == "Owen Hughes commented on “Notes”."
