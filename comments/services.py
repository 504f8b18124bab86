"""Writes for comments: keyword-only, atomic, each re-checking its rule; mentions after commit."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from activity.models import Verb
from activity.services import hide_for as activity_hide_for
from activity.services import record as activity_record
from activity.services import show_for as activity_show_for
from communities.rules import refuse
from conversations.models import Removal
from core.concurrency import claim_edit
from core.errors import Invalid
from notifications.services import notify_reply
from richtext.mentions import link_mentions, mentioned_users, notify_mentions_later
from richtext.sanitise import clean_rich_text, is_blank

from .models import Comment


def _adjust_count(target, delta):
    type(target).objects.filter(pk=target.pk).update(comment_count=F("comment_count") + delta)


def _prepare(body):
    body = clean_rich_text(body)
    if is_blank(body):
        raise Invalid(_("Write something in your comment."))
    return link_mentions(body)


def _notify(comment, users, already=()):
    notify_mentions_later(
        item=comment,
        users=users,
        author=comment.author,
        url=comment.get_absolute_url(),
        title=comment.target.describe(),
        already=already,
    )


@transaction.atomic
def comment_create(*, target, author, body):
    if not target.can_comment(author):
        refuse("comment_members")
    body, mentioned = _prepare(body)
    comment = Comment.objects.create(target=target, author=author, body=body)
    _adjust_count(target, +1)
    if mentioned:
        _notify(comment, mentioned)
    activity_record(
        actor=author, verb=Verb.COMMENT_POSTED, target=comment, subject=target, excerpt=body
    )
    notify_reply(
        to=getattr(target, "author", None),
        actor=author,
        item=comment,
        summary=_("%(author)s commented on “%(target)s”.")
        % {"author": author.display_name, "target": target},
        url=comment.get_absolute_url(),
    )
    return comment


@transaction.atomic
def comment_edit(*, comment, by, body, base_version=None):
    """Raises EditConflict if the comment was saved after `base_version`."""
    if comment.author_id != by.pk:
        refuse("comment_author")
    if comment.is_removed or not comment.target.can_comment(by):
        refuse("comment_closed")
    claim_edit(comment, base_version=base_version)
    before = mentioned_users(comment.body)
    comment.body, mentioned = _prepare(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "updated"])
    if mentioned:
        _notify(comment, mentioned, already=before)
    return comment


def can_delete(comment, user):
    """Its author (while the place is open) or a moderator of what it is on."""
    if comment.is_removed:
        return False
    if comment.author_id == getattr(user, "pk", None) and comment.target.can_comment(user):
        return True
    return comment.can_moderate(user)


@transaction.atomic
def comment_remove(*, comment, by, after_report=False):
    """Soft delete: by its author, or by a moderator (also when hiding after a report)."""
    if not can_delete(comment, by):
        refuse("author_or_facilitator", doing=_("delete this comment"))
    if comment.author_id == by.pk and not after_report:
        removal = Removal.AUTHOR
    else:
        removal = Removal.REPORT if after_report else Removal.MODERATOR
    comment.removed_at, comment.removed_by, comment.removal = timezone.now(), by, removal
    comment.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    activity_hide_for(comment)
    _adjust_count(comment.target, -1)
    return comment


@transaction.atomic
def comment_restore(*, comment, by):
    if not comment.can_moderate(by):
        refuse("a_facilitator", doing=_("restore a comment"))
    if not comment.is_removed:
        return comment
    comment.removed_at, comment.removed_by, comment.removal = None, None, ""
    comment.save(update_fields=["removed_at", "removed_by", "removal", "updated"])
    activity_show_for(comment)
    _adjust_count(comment.target, +1)
    return comment
