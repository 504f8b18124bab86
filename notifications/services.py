"""Writing notifications. Other apps call `notify` from their own atomic services:

    from notifications.services import notify
    notify(user=req.user, kind=Notification.Kind.MEMBERSHIP, actor=by,
           summary=f"You are now a member of {community.name}", url=community.get_absolute_url())

The row is written in the caller's transaction, so it exists exactly when the action committed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from core import features as feature_registry
from core.quiet import is_quiet
from core.roles import is_signed_in

from .models import Notification

Kind = Notification.Kind


def placed(about):
    """(community, feature) of the community content `about` is, or (None, ""): a comment is
    placed where what it is on is."""
    if about is None:
        return None, ""
    target = getattr(about, "target", None)
    if target is not None and getattr(about, "community", None) is None:
        community, _ = placed(target)
        return community, feature_registry.of_app(target._meta.app_label) if community else ""
    community = getattr(about, "community", None)
    if community is None:
        return None, ""
    return community, feature_registry.of_model(type(about)) or ""


def notify(*, user, kind, actor=None, summary, url="", about=None):
    """Tell `user` something; nobody is notified of their own action, nor when suspended.
    `about`: the community content it concerns, so it is shown only while they may see it.
    Nobody is notified inside `core.quiet.quiet()` (loading the demo data)."""
    if is_quiet() or user is None or not is_signed_in(user):
        return None
    if actor is not None and actor.pk == user.pk:
        return None
    community, feature = placed(about)
    return Notification.objects.create(
        user=user,
        kind=Kind(kind),
        actor=actor,
        community=community,
        feature=feature,
        summary=Truncator(summary).chars(300),
        url=url,
    )


def notify_many(*, users, kind, actor=None, summary, url="", about=None):
    """`notify` for many people at once, in one INSERT, with the same rules (never the actor,
    never a suspended account). For senders that have already checked each person may see what
    it is about (events telling everyone signed up about a change)."""
    if is_quiet():
        return []
    summary = Truncator(summary).chars(300)
    community, feature = placed(about)
    rows = [
        Notification(
            user=user,
            kind=Kind(kind),
            actor=actor,
            community=community,
            feature=feature,
            summary=summary,
            url=url,
        )
        for user in users
        if is_signed_in(user) and (actor is None or actor.pk != user.pk)
    ]
    return Notification.objects.bulk_create(rows) if rows else []


def notify_mention(*, user, actor, summary, url, about=None):
    """Called by richtext.mentions.notify_mentions, after its visibility check."""
    return notify(user=user, kind=Kind.MENTION, actor=actor, summary=summary, url=url, about=about)


def notify_reply(*, to, actor, item, summary, url):
    """Someone replied to `to`'s post: tell them, if they can still see the reply (by the
    reply model's own `visible_to`; someone who left a private community hears nothing)."""
    if to is None or not type(item).objects.visible_to(to).filter(pk=item.pk).exists():
        return None
    return notify(user=to, kind=Kind.REPLY, actor=actor, summary=summary, url=url, about=item)


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
