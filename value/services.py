"""Writes for stories. Keyword-only and atomic; the author is told by notification, and by an
email recorded through the durable hand-off in the same transaction and sent once
(value.tasks)."""

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.rules import CommunityAccess, refuse
from conversations.models import Reaction
from conversations.services import reaction_toggle
from core.errors import Invalid, NotAllowed
from core.handoff import enqueue
from core.quiet import is_quiet
from notifications.models import Notification
from notifications.services import notify

from .models import MAX_AMOUNT, MAX_STORY, Sharing, Story, Unit
from .targets import describe, feature_of, kind_of, telling_refusal
from .tasks import send_consent_email


def check_saving(amount, unit):
    """(amount, unit) as stored, or Invalid: both or neither, a positive number of at most
    MAX_AMOUNT with one decimal place, in a known unit."""
    if amount in (None, "") and not unit:
        return None, ""
    if amount in (None, ""):
        raise Invalid(_("Say how much time or money it saved, or leave the unit empty."))
    if unit not in Unit.values:
        raise Invalid(_("Choose hours, days or pounds."))
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        raise Invalid(_("Enter the time or money saved as a number, such as 3 or 1.5.")) from None
    if not amount.is_finite():
        raise Invalid(_("Enter the time or money saved as a number, such as 3 or 1.5."))
    if amount <= 0:
        raise Invalid(_("Enter a number above 0."))
    if amount > MAX_AMOUNT:
        raise Invalid(
            _("Enter at most %(limit)s: one person's saving from one item.")
            % {"limit": f"{MAX_AMOUNT:,}"}
        )
    if amount != amount.quantize(Decimal("0.1")):
        raise Invalid(_("Use at most one decimal place, such as 1.5."))
    return amount, unit


def _is_post(item):
    return kind_of(type(item)) == "post"


@transaction.atomic
def story_save(*, user, item, helped_with="", saved_amount=None, saved_unit=""):
    """Record (or change) `user`'s "this helped me" about `item`. About a forum post it is also
    the post's Helpful mark, so one member's thanks counts once, wherever it was given."""
    reason = telling_refusal(item, user)
    if reason:
        raise NotAllowed(reason)
    helped_with = (helped_with or "").strip()
    if len(helped_with) > MAX_STORY:
        raise Invalid(
            _("Keep the story to %(limit)s characters (it has %(count)s).")
            % {"limit": f"{MAX_STORY:,}", "count": f"{len(helped_with):,}"}
        )
    amount, unit = check_saving(saved_amount, saved_unit)
    target_type = ContentType.objects.get_for_model(item)
    now = timezone.now()
    fields = {
        "helped_with": helped_with,
        "saved_amount": amount,
        "saved_unit": unit,
        "target_title": describe(item),
        "target_url": item.get_absolute_url()[:500],
        "updated": now,
    }
    story = (
        Story.objects.select_for_update()
        .filter(user=user, target_type=target_type, target_id=item.pk)
        .first()
    )
    if story is not None:
        for name, value in fields.items():
            setattr(story, name, value)
        story.save(update_fields=list(fields))
        return story
    try:
        with transaction.atomic():
            story = Story.objects.create(
                user=user,
                community=item.community,
                feature=feature_of(item),
                target_type=target_type,
                target_id=item.pk,
                created=now,
                **fields,
            )
    except IntegrityError:  # a double submit that raced: the other one saved it
        return Story.objects.get(user=user, target_type=target_type, target_id=item.pk)
    if (
        _is_post(item)
        and not Reaction.objects.filter(
            user=user, target_type=target_type, target_id=item.pk
        ).exists()
    ):
        reaction_toggle(user=user, target=item)
    return story


@transaction.atomic
def story_remove(*, user, story, item=None):
    """The author takes their story back; about a post, its Helpful mark goes with it (while
    they may still react there: in an archive the mark stays as the record it is)."""
    if story.user_id != user.pk:
        raise NotAllowed(_("Only the person who told a story can remove it."))
    story.delete()
    if item is not None and _is_post(item) and item.can_react(user):
        if Reaction.objects.filter(user=user, **_target(item)).exists():
            reaction_toggle(user=user, target=item)


def _target(item):
    return {"target_type": ContentType.objects.get_for_model(item), "target_id": item.pk}


@transaction.atomic
def story_ask(*, by, story):
    """A facilitator asks the author whether the story may be shared with sponsors. The author
    is told in the bell and by email, and answers on their story's page."""
    access = CommunityAccess(by, story.community)
    if not access.can_moderate:
        refuse("facilitators_only", community=story.community.name, doing=_("ask to share stories"))
    if story.sharing == Sharing.SHAREABLE:
        raise Invalid(_("This story is already shareable: its author agreed."))
    if story.sharing == Sharing.ASKED:
        raise Invalid(_("You have already asked; the author has not answered yet."))
    if story.sharing == Sharing.DECLINED:
        raise Invalid(_("Its author chose not to share this story, so it stays private."))
    if not story.helped_with:
        raise Invalid(_("There is no story to share: its author only said it helped."))
    author = story.user
    if not author.is_active or not Story.objects.visible_to(author).filter(pk=story.pk).exists():
        raise Invalid(_("Its author can no longer see this community, so they cannot be asked."))
    story.sharing = Sharing.ASKED
    story.asked_by = by
    story.asked_at = timezone.now()
    story.save(update_fields=["sharing", "asked_by", "asked_at"])
    url = reverse("value:story", kwargs={"pk": story.pk})
    summary = _(
        "%(by)s asks whether your story about %(title)s may be shared with the sponsors of "
        "%(community)s."
    ) % {"by": by.display_name, "title": story.target_title, "community": story.community.name}
    # About the item (or, once deleted, the story): the bell shows it only while the author may
    # still see that community and feature.
    item = story.target_type.model_class().objects.filter(pk=story.target_id).first()
    notify(
        user=author,
        kind=Notification.Kind.MESSAGE,
        actor=by,
        summary=summary,
        url=url,
        about=item or story,
    )
    if not is_quiet():
        enqueue(send_consent_email, story.pk)
    return story


@transaction.atomic
def story_answer(*, user, story, consent):
    """The author's answer. Consent is given only after being asked, and can be withdrawn at
    any time; a withdrawn story leaves the next sponsor report."""
    if story.user_id != user.pk:
        raise NotAllowed(_("Only the person who told a story can decide whether it is shared."))
    if consent:
        if story.asked_at is None:
            raise Invalid(_("Nobody has asked to share this story."))
        story.sharing = Sharing.SHAREABLE
    else:
        if story.sharing == Sharing.PRIVATE:
            raise Invalid(_("Nobody has asked to share this story."))
        story.sharing = Sharing.DECLINED
    story.answered_at = timezone.now()
    story.save(update_fields=["sharing", "answered_at"])
    return story
