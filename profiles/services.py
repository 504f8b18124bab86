"""Every write the profiles app makes: keyword-only, atomic, side effects queued on commit."""

import secrets
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from core.concurrency import claim_edit
from core.email import queue_templated_email
from notifications.services import Kind as NotificationKind
from notifications.services import notify

from . import photos
from .models import (
    Block,
    Contact,
    Conversation,
    ExpertiseTag,
    InterestTag,
    Message,
    MessageEmail,
    Participant,
    Profile,
    Visibility,
)

FORMER_MEMBER_NAME = "Former member"


class ActionNotAllowed(ValidationError):
    """A request the member may make in general but not here (blocked, rate limited...).

    A ValidationError, so a view can add it to the form and show the page again with the
    member's text intact.
    """


# --- profiles ------------------------------------------------------------------------------------


def profile_for(user):
    """The user's profile, created on first use. The one accessor every caller uses."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile = profile_create(user=user)
        user.profile = profile  # Django's reverse one-to-one cache: no query next time
        return profile


def account_findable(user):
    """Whether `User.objects.findable()` includes `user` (active, with a verified email
    address): the value of the profile's copy, `Profile.active`."""
    if not user.is_active or user.pk is None:
        return False
    return get_user_model().objects.findable().filter(pk=user.pk).exists()


@transaction.atomic
def profile_create(*, user):
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"name": user.name, "active": account_findable(user)}
    )
    return profile


def _tag_named(name):
    existing = Tag.objects.filter(name__iexact=name).order_by("pk").first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:
        # Someone created it a moment ago.
        return Tag.objects.filter(name__iexact=name).order_by("pk").first()


def _set_tags(profile, through, names):
    through.objects.filter(content_object=profile).delete()
    through.objects.bulk_create(
        [
            through(content_object=profile, tag=_tag_named(name), position=position)
            for position, name in enumerate(names)
        ]
    )


@transaction.atomic
def profile_update(
    *, profile, name, expertise, interests, service_areas, base_version=None, **fields
):
    """Save the profile form: the name (on the User), the details, both tag sets in order.
    Raises EditConflict if the profile was saved after `base_version`."""
    claim_edit(profile, base_version=base_version)
    user = profile.user
    if user.name != name:
        user.name = name
        user.save(update_fields=["name"])
    for field, value in fields.items():
        setattr(profile, field, value)
    profile.save()
    profile.service_areas.set(service_areas)
    _set_tags(profile, ExpertiseTag, expertise)
    _set_tags(profile, InterestTag, interests)
    return profile


@transaction.atomic
def profile_set_message_email(*, profile, message_email):
    profile.message_email = message_email
    profile.save(update_fields=["message_email", "updated"])


@transaction.atomic
def photo_set(*, profile, jpeg_bytes):
    """Store an already validated and re-encoded photo (photos.process_upload)."""
    old = profile.photo.name
    profile.photo.name = photos.save(jpeg_bytes)
    profile.save(update_fields=["photo", "updated"])
    if old:
        transaction.on_commit(lambda: photos.delete(old))
    return profile


@transaction.atomic
def photo_remove(*, profile):
    old = profile.photo.name
    profile.photo = ""
    profile.save(update_fields=["photo", "updated"])
    if old:
        transaction.on_commit(lambda: photos.delete(old))


# --- contacts and blocks -------------------------------------------------------------------------


def blocked_between(a, b):
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


@transaction.atomic
def contact_add(*, owner, contact):
    if owner.pk == contact.pk:
        raise ActionNotAllowed(_("You cannot add yourself as a contact."))
    if not contact.is_active:
        raise ActionNotAllowed(_("This member's account is closed."))
    if blocked_between(owner, contact):
        raise ActionNotAllowed(_("You cannot add this member as a contact."))
    entry, _created = Contact.objects.get_or_create(owner=owner, contact=contact)
    return entry


@transaction.atomic
def contact_remove(*, owner, contact):
    Contact.objects.filter(owner=owner, contact=contact).delete()


@transaction.atomic
def block(*, blocker, blocked):
    """Also ends any contact between the two, so "My contacts" details stop showing at once."""
    if blocker.pk == blocked.pk:
        raise ActionNotAllowed(_("You cannot block yourself."))
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Contact.objects.filter(
        Q(owner=blocker, contact=blocked) | Q(owner=blocked, contact=blocker)
    ).delete()


@transaction.atomic
def unblock(*, blocker, blocked):
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


# --- messages ------------------------------------------------------------------------------------


def message_rate_limit():
    """(messages, seconds): at most this many messages per member in any one window."""
    return getattr(settings, "PROFILES_MESSAGE_RATE_LIMIT", (20, 600))


def _rate_key(user):
    _limit, seconds = message_rate_limit()
    return f"profiles:messages-sent:{user.pk}:{int(time.time() // seconds)}"


def _check_rate(user):
    limit, seconds = message_rate_limit()
    if cache.get(_rate_key(user), 0) >= limit:
        minutes = max(1, seconds // 60)
        raise ActionNotAllowed(
            _(
                "You have sent %(limit)s messages in the last %(minutes)s minutes, which is as "
                "many as we allow. Please wait a few minutes and send it again: your message is "
                "still here."
            )
            % {"limit": limit, "minutes": minutes},
            code="rate_limited",
        )


def _count_sent(user):
    key = _rate_key(user)
    _limit, seconds = message_rate_limit()
    cache.add(key, 0, timeout=seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=seconds)


def _check_can_message(sender, recipient):
    if sender.pk == recipient.pk:
        raise ActionNotAllowed(_("You cannot send a message to yourself."))
    if not recipient.is_active:
        raise ActionNotAllowed(_("This member's account is closed, so they cannot get messages."))
    if Block.objects.filter(blocker=sender, blocked=recipient).exists():
        raise ActionNotAllowed(
            _("You have blocked %(recipient)s. Unblock them to send a message.")
            % {"recipient": recipient.display_name}
        )
    if Block.objects.filter(blocker=recipient, blocked=sender).exists():
        raise ActionNotAllowed(_("You cannot send messages to this member."))


def can_message(sender, recipient):
    try:
        _check_can_message(sender, recipient)
    except ActionNotAllowed:
        return False
    return True


@transaction.atomic
def conversation_start(*, sender, recipient, subject, body):
    _check_can_message(sender, recipient)
    _check_rate(sender)
    now = timezone.now()
    conversation = Conversation.objects.create(
        subject=subject, started_by=sender, last_message_at=now
    )
    Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation, user=sender, other=recipient, last_message_at=now
            ),
            Participant(
                conversation=conversation, user=recipient, other=sender, last_message_at=now
            ),
        ]
    )
    _add_message(conversation=conversation, sender=sender, recipient=recipient, body=body)
    return conversation


@transaction.atomic
def message_send(*, sender, conversation, body):
    """A reply in an existing conversation; `sender` must be one of its two participants."""
    mine = Participant.objects.select_related("other").get(conversation=conversation, user=sender)
    recipient = mine.other
    _check_can_message(sender, recipient)
    _check_rate(sender)
    return _add_message(conversation=conversation, sender=sender, recipient=recipient, body=body)


def _add_message(*, conversation, sender, recipient, body):
    message = Message.objects.create(conversation=conversation, sender=sender, body=body)
    now = message.created
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=now, message_count=F("message_count") + 1, updated=now
    )
    # The sender has read their own message; a new message brings the conversation back into
    # both inboxes if either had archived it.
    Participant.objects.filter(conversation=conversation, user=sender).update(
        last_message_at=now, last_read_at=now, unread_count=0, archived=False
    )
    theirs = Participant.objects.select_for_update().get(conversation=conversation, user=recipient)
    first_unread = theirs.unread_count == 0
    Participant.objects.filter(pk=theirs.pk).update(
        last_message_at=now, unread_count=F("unread_count") + 1, archived=False
    )
    _count_sent(sender)
    if first_unread:
        _notify_new_message(message=message, sender=sender, recipient=recipient)
        notify(
            user=recipient,
            kind=NotificationKind.MESSAGE,
            actor=sender,
            summary=_("%(sender)s sent you a message: %(subject)s")
            % {"sender": sender.display_name, "subject": conversation.subject},
            url=reverse("profiles:conversation", kwargs={"pk": conversation.pk}),
        )
    return message


# Checks from the layers above that may pause all of a member's email (alerts adds its "Pause
# all email alerts"); each takes the user and answers True to pause.
email_pauses = []


def _all_email_alerts_paused(user):
    return any(paused(user) for paused in email_pauses)


def _preferences_path():
    """Where the "email me when I get a message" choice lives: My alerts (the alerts app folds
    it in), or the member's profile if the alerts app is not installed."""
    try:
        return reverse("alerts:mine")
    except NoReverseMatch:
        return reverse("profiles:me")


def _notify_new_message(*, message, sender, recipient):
    """One email per conversation until the recipient reads it, and only if they want email.

    The email carries the message itself (only its recipient gets it) and nothing else
    private: no addresses, no other conversations.
    """
    if not recipient.is_active or not recipient.email:
        return
    if profile_for(recipient).message_email != MessageEmail.IMMEDIATELY:
        return
    if _all_email_alerts_paused(recipient):
        return
    site_url = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    queue_templated_email(
        to=[recipient.email],
        template="profiles/email/new_message",
        context={
            "recipient_name": recipient.display_name,
            "sender_name": sender.display_name,
            "subject": message.conversation.subject,
            "body": message.body,
            "conversation_url": site_url + message.conversation.get_absolute_url(),
            "preferences_url": site_url + _preferences_path(),
        },
    )


@transaction.atomic
def conversation_mark_read(*, participant):
    if participant.unread_count or participant.last_read_at is None:
        now = timezone.now()
        Participant.objects.filter(pk=participant.pk).update(unread_count=0, last_read_at=now)
        participant.unread_count, participant.last_read_at = 0, now


@transaction.atomic
def conversation_archive(*, participant, archived=True):
    """Archiving also marks the conversation read: the navigation counts no hidden unread."""
    changes = {"archived": archived}
    if archived:
        changes.update(unread_count=0, last_read_at=timezone.now())
    Participant.objects.filter(pk=participant.pk).update(**changes)
    for field, value in changes.items():
        setattr(participant, field, value)


# --- deleting an account -------------------------------------------------------------------------


@transaction.atomic
def account_delete(*, user, delete_sent_messages=False):
    """Close the account and erase the person, keeping what they contributed to others.

    Posts and messages stay where they are, shown as by "Former member" (the User row is kept,
    anonymised and deactivated, so every foreign key still holds). With delete_sent_messages the
    private messages they wrote are removed too. See docs/profiles.md, "Deleting an account".
    """
    from allauth.account.models import EmailAddress

    profile = profile_for(user)
    old_photo = profile.photo.name

    # The profile: every personal detail cleared, and out of the finder.
    for field in ("job_title", "organisation", "location", "region", "bio", "phone", "website"):
        setattr(profile, field, "")
    profile.social_links = ""
    profile.photo = ""
    profile.hidden_from_finder = True
    profile.message_email = MessageEmail.OFF
    for field in ("email", "phone", "website", "social_links"):
        setattr(profile, f"{field}_visibility", Visibility.ONLY_ME)
    profile.save()
    profile.service_areas.clear()
    ExpertiseTag.objects.filter(content_object=profile).delete()
    InterestTag.objects.filter(content_object=profile).delete()

    Contact.objects.filter(Q(owner=user) | Q(contact=user)).delete()
    Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()

    # Their own side of each conversation goes; the other person keeps theirs.
    Participant.objects.filter(user=user).delete()
    if delete_sent_messages:
        _delete_sent_messages(user)
    Conversation.objects.filter(participants__isnull=True).delete()

    # The account: nobody can sign in to it, and nothing in it identifies the person.
    token = secrets.token_hex(8)
    user.name = FORMER_MEMBER_NAME
    user.first_name = user.last_name = ""
    user.username = f"former-{token}"
    user.email = f"former-member-{token}@deleted.invalid"
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()

    if old_photo:
        transaction.on_commit(lambda: photos.delete(old_photo))


def _delete_sent_messages(user):
    conversation_ids = list(
        Message.objects.filter(sender=user).values_list("conversation_id", flat=True).distinct()
    )
    Message.objects.filter(sender=user).delete()
    for conversation in Conversation.objects.filter(pk__in=conversation_ids):
        remaining = conversation.messages.order_by("-created").first()
        if remaining is None:
            conversation.delete()
            continue
        conversation.message_count = conversation.messages.count()
        conversation.last_message_at = remaining.created
        conversation.save(update_fields=["message_count", "last_message_at"])
        # Unread messages from them are gone, so nothing is unread any more.
        conversation.participants.update(unread_count=0, last_message_at=remaining.created)
