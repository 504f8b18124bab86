"""Every write to forums. Keyword-only and atomic; each function re-checks its rule through
CommunityAccess (so a view that forgot cannot let anyone past) and keeps the topic's counters
true. Mentions are emailed after commit, never from signals."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activity.models import Verb
from activity.services import hide_for as activity_hide_for
from activity.services import record as activity_record
from activity.services import show_for as activity_show_for
from communities.rules import CommunityAccess, refuse
from communities.services import community_touch
from conversations.models import Removal
from core.concurrency import claim_edit
from core.errors import Invalid
from notifications.services import notify_reply
from richtext.attachments import attachments_add, attachments_remove
from richtext.mentions import link_mentions, mentioned_users, notify_mentions_later
from richtext.sanitise import clean_rich_text, html_to_text, is_blank
from search.services import index_later as search_index_later
from search.services import remove_item as search_remove

from .models import MAX_DEPTH, Post, Topic, path_segment

TEASER_LENGTH = 120


def teaser_from(body):
    return Truncator(html_to_text(body)).chars(TEASER_LENGTH)


def _prepare(body):
    body = clean_rich_text(body)
    if is_blank(body):
        raise Invalid(_("Write your message."))
    return link_mentions(body)


POSTING = gettext_lazy("post in its forum")


def _require_post(user, community):
    access = CommunityAccess(user, community)
    access.require("post", feature="forum", doing=POSTING)
    return access


def _notify(post, users, already=()):
    if users:
        notify_mentions_later(
            item=post,
            users=users,
            author=post.author,
            url=post.get_absolute_url(),
            title=post.topic.title,
            already=already,
        )


def _create_post(*, topic, author, body, parent):
    post = Post.objects.create(
        topic=topic,
        community=topic.community,
        author=author,
        body=body,
        parent=parent,
        depth=parent.depth + 1 if parent else 0,
        is_opening=parent is None,
    )
    post.path = (parent.path if parent else "") + path_segment(post.pk)
    Post.objects.filter(pk=post.pk).update(path=post.path)
    return post


@transaction.atomic
def topic_create(*, community, author, title, body, kind=Topic.Kind.DISCUSSION, files=()):
    _require_post(author, community)
    title = " ".join((title or "").split())
    if not title:
        raise Invalid(_("Give your topic a title."))
    body, mentioned = _prepare(body)
    now = timezone.now()
    topic = Topic.objects.create(
        community=community,
        title=title,
        author=author,
        kind=kind,
        teaser=teaser_from(body),
        last_activity_at=now,
        last_poster=author,
    )
    post = _create_post(topic=topic, author=author, body=body, parent=None)
    topic.opening_post = post
    topic.save(update_fields=["opening_post"])
    attachments_add(owner=post, files=files, user=author)
    community_touch(community=community, when=now)
    _notify(post, mentioned)
    activity_record(actor=author, verb=Verb.TOPIC_STARTED, target=topic, excerpt=body)
    search_index_later(topic)
    return topic


@transaction.atomic
def reply_create(*, topic, author, body, parent=None, files=()):
    """Reply to the topic (parent None or its opening post) or to another reply."""
    access = _require_post(author, topic.community)
    if topic.is_removed:
        raise PermissionDenied(_("This topic has been deleted."))
    if topic.is_locked and not access.can_moderate:
        refuse("locked")
    parent = parent or topic.opening_post
    if parent.topic_id != topic.pk:
        raise Invalid(_("You can only reply to posts in this topic."))
    if parent.is_removed and not parent.is_opening:
        raise Invalid(_("That reply has been deleted; reply to the topic instead."))
    if parent.depth >= MAX_DEPTH:
        parent = parent.parent
    body, mentioned = _prepare(body)
    post = _create_post(topic=topic, author=author, body=body, parent=parent)
    now = timezone.now()
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=now, last_poster=author
    )
    attachments_add(owner=post, files=files, user=author)
    community_touch(community=topic.community, when=now)
    _notify(post, mentioned)
    activity_record(actor=author, verb=Verb.REPLY_POSTED, target=post, subject=topic, excerpt=body)
    search_index_later(topic)
    notify_reply(
        to=parent.author,
        actor=author,
        item=post,
        summary=_("%(author)s replied to your post in “%(topic)s”.")
        % {"author": author.display_name, "topic": topic.title},
        url=post.get_absolute_url(),
    )
    return post


def can_edit(post, user):
    return (
        post.author_id == getattr(user, "pk", None)
        and not post.is_removed
        and not post.topic.is_removed
        and CommunityAccess(user, post.community).can_post
    )


@transaction.atomic
def post_edit(
    *, post, by, body, title=None, kind=None, files=(), remove_attachments=(), base_version=None
):
    """The author edits their post (and, for the opening post, the topic's title and kind).
    Others see an "edited" marker with the time. Raises EditConflict if the post was saved
    after `base_version` (the opening post's version covers the topic's title and kind)."""
    if not can_edit(post, by):
        refuse("post_author")
    claim_edit(post, base_version=base_version)
    before = mentioned_users(post.body)
    post.body, mentioned = _prepare(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at", "updated"])
    if post.is_opening:
        topic = post.topic
        topic.teaser = teaser_from(post.body)
        if title is not None:
            title = " ".join(title.split())
            if not title:
                raise Invalid(_("Give your topic a title."))
            topic.title = title
        if kind is not None:
            topic.kind = kind
            if kind != Topic.Kind.QUESTION:
                topic.accepted_answer = None
        topic.save(update_fields=["teaser", "title", "kind", "accepted_answer", "updated"])
    if remove_attachments:
        attachments_remove(owner=post, keys=remove_attachments)
    attachments_add(owner=post, files=files, user=by)
    _notify(post, mentioned, already=before)
    search_index_later(post.topic)
    return post


def can_delete(post, user):
    if post.is_removed:
        return False
    access = CommunityAccess(user, post.community)
    return access.can_moderate or (post.author_id == getattr(user, "pk", None) and access.can_post)


def _removal(item, by, after_report):
    if after_report:
        return Removal.REPORT
    return Removal.AUTHOR if item.author_id == by.pk else Removal.MODERATOR


@transaction.atomic
def post_remove(*, post, by, after_report=False):
    """Soft delete a reply (its replies keep their place). The opening post removes the topic."""
    if post.is_opening:
        return topic_remove(topic=post.topic, by=by, after_report=after_report)
    if not can_delete(post, by):
        refuse("author_or_facilitator", doing=_("delete this reply"))
    post.removed_at, post.removed_by = timezone.now(), by
    post.removal = _removal(post, by, after_report)
    post.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    activity_hide_for(post)
    search_index_later(post.topic)
    topic = post.topic
    updates = {"reply_count": F("reply_count") - 1}
    if topic.accepted_answer_id == post.pk:
        updates["accepted_answer"] = None
        topic.accepted_answer = None
    Topic.objects.filter(pk=topic.pk, reply_count__gt=0).update(**updates)
    return post


@transaction.atomic
def post_restore(*, post, by):
    if post.is_opening:
        return topic_restore(topic=post.topic, by=by)
    if not CommunityAccess(by, post.community).can_moderate:
        refuse("a_facilitator", doing=_("restore a reply"))
    if not post.is_removed:
        return post
    post.removed_at, post.removed_by, post.removal = None, None, ""
    post.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    activity_show_for(post)
    search_index_later(post.topic)
    Topic.objects.filter(pk=post.topic_id).update(reply_count=F("reply_count") + 1)
    return post


def can_delete_topic(topic, user):
    if topic.is_removed:
        return False
    access = CommunityAccess(user, topic.community)
    return access.can_moderate or (topic.author_id == getattr(user, "pk", None) and access.can_post)


@transaction.atomic
def topic_remove(*, topic, by, after_report=False):
    if not can_delete_topic(topic, by):
        refuse("topic_starter")
    now = timezone.now()
    removal = _removal(topic, by, after_report)
    topic.removed_at, topic.removed_by, topic.removal = now, by, removal
    topic.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    Post.objects.filter(pk=topic.opening_post_id).update(
        removed_at=now, removed_by=by, removal=removal
    )
    activity_hide_for(topic)
    search_remove(topic)
    return topic


@transaction.atomic
def topic_restore(*, topic, by):
    if not CommunityAccess(by, topic.community).can_moderate:
        refuse("a_facilitator", doing=_("restore a topic"))
    topic.removed_at, topic.removed_by, topic.removal = None, None, ""
    topic.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    Post.objects.filter(pk=topic.opening_post_id).update(
        removed_at=None, removed_by=None, removal=""
    )
    activity_show_for(topic)
    search_index_later(topic)
    return topic


def _require_moderator(user, topic):
    if not CommunityAccess(user, topic.community).can_moderate:
        refuse("facilitators_only", community=topic.community.name, doing=_("do that"))


@transaction.atomic
def topic_set_pinned(*, topic, by, pinned):
    _require_moderator(by, topic)
    topic.is_pinned = bool(pinned)
    topic.save(update_fields=["is_pinned", "updated"])
    return topic


@transaction.atomic
def topic_set_locked(*, topic, by, locked):
    _require_moderator(by, topic)
    topic.is_locked = bool(locked)
    topic.save(update_fields=["is_locked", "updated"])
    return topic


def can_choose_answer(topic, user):
    """The person who asked (while the community is open) or a facilitator."""
    if not topic.is_question or topic.is_removed:
        return False
    access = CommunityAccess(user, topic.community)
    return access.can_moderate or (topic.author_id == getattr(user, "pk", None) and access.can_post)


@transaction.atomic
def answer_mark(*, topic, post, by):
    if not can_choose_answer(topic, by):
        refuse("asker")
    if post is not None and (post.topic_id != topic.pk or post.is_opening or post.is_removed):
        raise Invalid(_("Choose a reply in this topic as the answer."))
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer", "updated"])
    return topic
