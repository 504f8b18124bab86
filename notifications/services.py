"""Writing notifications. Other apps call `notify` from their own atomic services:

    from notifications.services import notify
    notify(user=req.user, kind=Notification.Kind.MEMBERSHIP, actor=by,
           summary=f"You are now a member of {community.name}", url=community.get_absolute_url())

The row is written in the caller's transaction, so it exists exactly when the action committed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.roles import is_signed_in

from .models import Notification

Kind = Notification.Kind


def notify(*, user, kind, actor=None, summary, url=""):
    """Tell `user` something; nobody is notified of their own action, nor when suspended."""
    if user is None or not is_signed_in(user):
        return None
    if actor is not None and actor.pk == user.pk:
        return None
    return Notification.objects.create(
        user=user,
        kind=Kind(kind),
        actor=actor,
        summary=Truncator(summary).chars(300),
        url=url,
    )


def notify_many(*, users, kind, actor=None, summary, url=""):
    """`notify` for many people at once, in one INSERT, with the same rules (never the actor,
    never a suspended account). For senders that have already checked each person may see what
    it is about (events telling everyone signed up about a change)."""
    summary = Truncator(summary).chars(300)
    rows = [
        Notification(user=user, kind=Kind(kind), actor=actor, summary=summary, url=url)
        for user in users
        if is_signed_in(user) and (actor is None or actor.pk != user.pk)
    ]
    return Notification.objects.bulk_create(rows) if rows else []


def notify_mention(*, user, actor, summary, url):
    """Called by richtext.mentions.notify_mentions, after its visibility check."""
    return notify(user=user, kind=Kind.MENTION, actor=actor, summary=summary, url=url)


def notify_reply(*, to, actor, item, summary, url):
    """Someone replied to `to`'s post: tell them, if they can still see the reply (by the
    reply model's own `visible_to`; someone who left a private community hears nothing)."""
    if to is None or not type(item).objects.visible_to(to).filter(pk=item.pk).exists():
        return None
    return notify(user=to, kind=Kind.REPLY, actor=actor, summary=summary, url=url)


@transaction.atomic
def mark_read(*, user, notification_ids):
    return (
        Notification.objects.for_user(user)
        .unread()
        .filter(pk__in=list(notification_ids))
        .update(read_at=timezone.now())
    )


@transaction.atomic
def mark_all_read(*, user):
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
