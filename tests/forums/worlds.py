"""Permission-matrix worlds with conversations in them, built on the communities scenarios.

`conv_<base>` (base = public, private, sub_private, archived) is the communities world plus:

- a discussion topic started by `member` (with an attachment), a reply to it by `facilitator`
  (world.extra["reply"]), a reply to that reply by `member` (["member_reply"]), a reply by
  `member` that was deleted (["removed_reply"]) and a topic deleted by `member`
  (["removed_topic"]);
- a question topic by `member` (["question"]) answered by the facilitator (["answer"]);
- a report by `facilitator` about the member's nested reply (["report"]);
- a blog entry by `member` published in the community (["entry"]), with a comment by
  `facilitator` (["comment"]) and a comment by `facilitator` that was deleted
  (["removed_comment"]).

In private worlds every title and body carries a canary token that only the community's
members (by the raw Membership table) and site admins may ever see, in any page, feed or email.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone

from blogs.models import Blog, BlogEntry, BlogPublication
from comments.models import Comment
from communities.models import Membership
from conversations.models import Removal, Report
from forums.models import Post, Topic, path_segment
from richtext.attachments import attachments_add
from tests.communities import worlds as community_worlds
from tests.permissions.world import register_scenario


def members_only(community):
    """Written from the raw Membership table, not the visibility rule under test."""

    def visible_to(user):
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if user.is_staff or user.is_superuser:
            return True
        return Membership.objects.filter(user=user, community=community).exists()

    return visible_to


def _topic(community, author, title, body, kind=Topic.Kind.DISCUSSION, removed=False):
    """Rows written directly (not through services.py), which keeps building the matrix's
    worlds cheap; tests/forums/test_services.py covers the services."""
    now = timezone.now()
    topic = Topic.objects.create(
        community=community,
        title=title,
        author=author,
        kind=kind,
        teaser=body[:100],
        last_poster=author,
        removed_at=now if removed else None,
        removal=Removal.AUTHOR if removed else "",
    )
    opening = Post.objects.create(
        topic=topic,
        community=community,
        author=author,
        body=body,
        is_opening=True,
        removed_at=topic.removed_at,
        removal=topic.removal,
    )
    Post.objects.filter(pk=opening.pk).update(path=path_segment(opening.pk))
    opening.path = path_segment(opening.pk)
    topic.opening_post = opening
    topic.save(update_fields=["opening_post"])
    return topic


def _reply(topic, author, body, parent=None, removed=False):
    parent = parent or topic.opening_post
    post = Post.objects.create(
        topic=topic,
        community=topic.community,
        author=author,
        body=body,
        parent=parent,
        depth=parent.depth + 1,
        removed_at=timezone.now() if removed else None,
        removal=Removal.AUTHOR if removed else "",
    )
    post.path = parent.path + path_segment(post.pk)
    Post.objects.filter(pk=post.pk).update(path=post.path)
    if not removed:
        Topic.objects.filter(pk=topic.pk).update(reply_count=F("reply_count") + 1)
    return post


def build_conversations(world, *, private):
    community, users = world.community, world.users
    member, facilitator = users["member"], users["facilitator"]

    def text(label):
        if not private:
            return label
        return f"{label} " + world.plant_canary(
            visible_to=members_only(community), description=f"{label} in {community.name}"
        )

    topic = _topic(
        community,
        member,
        text("Where do we go now?"),
        f"<p>{text('This community has been very quiet of late')}</p>",
    )
    attachments_add(
        owner=topic.opening_post,
        files=[SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 private minutes")],
        user=member,
    )
    reply = _reply(topic, facilitator, f"<p>{text('Facilitator reply')}</p>")
    member_reply = _reply(topic, member, f"<p>{text('Nested reply')}</p>", parent=reply)
    removed_reply = _reply(topic, member, f"<p>{text('Regretted reply')}</p>", removed=True)
    removed_topic = _topic(community, member, text("Deleted topic"), text("Oops"), removed=True)
    question = _topic(
        community,
        member,
        text("How do panels handle late reports?"),
        text("Question body"),
        kind=Topic.Kind.QUESTION,
    )
    answer = _reply(question, facilitator, text("We adjourn the panel"))
    report = Report.objects.create(
        reporter=facilitator, target=member_reply, community=community, reason=text("Off topic")
    )
    Blog.objects.get_or_create(user=member)
    entry = BlogEntry.objects.create(
        author=member,
        title=text("CoP experiences - your feedback needed"),
        body=text("Entry body"),
        comment_count=1,
    )
    BlogPublication.objects.create(entry=entry, community=community)
    comment = Comment.objects.create(
        target=entry, author=facilitator, body=text("Facilitator comment")
    )
    removed_comment = Comment.objects.create(
        target=entry,
        author=facilitator,
        body=text("Removed comment"),
        removed_at=timezone.now(),
        removed_by=facilitator,
        removal=Removal.AUTHOR,
    )
    world.extra.update(
        topic=topic,
        opening=topic.opening_post,
        reply=reply,
        member_reply=member_reply,
        removed_reply=removed_reply,
        removed_topic=removed_topic,
        question=question,
        answer=answer,
        report=report,
        entry=entry,
        comment=comment,
        removed_comment=removed_comment,
    )


@register_scenario("conv_public")
def conv_public(world):
    community_worlds.public_world(world)
    build_conversations(world, private=False)


@register_scenario("conv_private")
def conv_private(world):
    community_worlds.private_world(world)
    build_conversations(world, private=True)


@register_scenario("conv_sub_private")
def conv_sub_private(world):
    community_worlds.sub_private_world(world)
    build_conversations(world, private=True)


@register_scenario("conv_archived")
def conv_archived(world):
    community_worlds.archived_world(world)
    community = world.community
    stage = community.stage
    community.stage = community.Stage.NURTURE  # content was written before the closedown
    community.save(update_fields=["stage"])
    build_conversations(world, private=False)
    community.stage = stage
    community.save(update_fields=["stage"])
