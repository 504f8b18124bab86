"""Writes for reactions and reports. Keyword-only, atomic; email queued after commit."""

from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Membership
from communities.rules import refuse
from core.email import queue_templated_email
from core.errors import Invalid

from .models import Reaction, Report


def _target_filter(target):
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


# --- Helpful ---------------------------------------------------------------------------------
@transaction.atomic
def reaction_toggle(*, user, target):
    """Mark `target` helpful for `user`, or take the mark back. Returns True when now marked."""
    if getattr(user, "pk", None) == target.author_id:
        refuse("own_helpful")
    if not target.can_react(user):
        refuse("helpful_members")
    model = type(target)
    existing = Reaction.objects.filter(user=user, **_target_filter(target))
    if existing.delete()[0]:
        model.objects.filter(pk=target.pk, helpful_count__gt=0).update(
            helpful_count=F("helpful_count") - 1
        )
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(user=user, **_target_filter(target))
    except IntegrityError:  # a double click that raced: already marked
        return True
    model.objects.filter(pk=target.pk).update(helpful_count=F("helpful_count") + 1)
    return True


def annotate_reactions(items, user):
    """Set `item.helpful_names` (who found it helpful) and `item.helpful_mine` on a page of
    items of one model, in one query."""
    items = list(items)
    if not items:
        return items
    target_type = ContentType.objects.get_for_model(items[0])
    names, mine = defaultdict(list), set()
    reactions = Reaction.objects.filter(
        target_type=target_type, target_id__in=[item.pk for item in items]
    ).select_related("user")
    for reaction in reactions:
        names[reaction.target_id].append(reaction.user.display_name)
        if reaction.user_id == getattr(user, "pk", None):
            mine.add(reaction.target_id)
    for item in items:
        item.helpful_names = names.get(item.pk, [])
        item.helpful_mine = item.pk in mine
    return items


# --- Reports ---------------------------------------------------------------------------------
def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def report_create(*, reporter, target, reason):
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say what is wrong, so the facilitators know what to look for."))
    if not target.can_report(reporter):
        refuse("cannot_report")
    community = target.report_community_for(reporter)
    if Report.objects.filter(
        reporter=reporter, state=Report.State.OPEN, **_target_filter(target)
    ).exists():
        raise Invalid(_("You have already reported this; the facilitators will look at it."))
    report = Report.objects.create(
        reporter=reporter, community=community, reason=reason, **_target_filter(target)
    )
    if community is not None:
        facilitators = Membership.objects.filter(
            community=community, role=Membership.Role.FACILITATOR, user__is_active=True
        ).select_related("user")
        recipients = [m.user.email for m in facilitators]
        queue_url = reverse("conversations:queue", kwargs={"slug": community.slug})
        where = community.name
    else:
        from django.contrib.auth import get_user_model

        admins = get_user_model().objects.filter(is_active=True, is_staff=True)
        recipients = [admin.email for admin in admins]
        queue_url = reverse("conversations:site_queue")
        where = settings.SITE_NAME
    if recipients:
        queue_templated_email(
            to=recipients,
            template="conversations/email/report",
            context={
                "where": where,
                "what": target.describe(),
                "reason": reason,
                "queue_url": _absolute(queue_url),
            },
        )
    return report


@transaction.atomic
def report_decide(*, report, by, action):
    """hide: remove the item; restore: put a removed item back; dismiss: leave it as it is.
    Every open report on the same item is settled by the one decision."""
    target = report.target
    if target is None:
        raise Invalid(_("The reported item no longer exists."))
    if not target.can_moderate(by):
        raise PermissionDenied(_("Only the facilitators of this community can decide reports."))
    if action == "hide":
        if not target.is_removed:
            target.moderation_hide(by=by)
        state = Report.State.HIDDEN
    elif action == "restore":
        if target.is_removed:
            target.moderation_restore(by=by)
        state = Report.State.RESTORED
    elif action == "dismiss":
        state = Report.State.DISMISSED
    else:
        raise Invalid(_("Choose hide, restore or dismiss."))
    settled = Report.objects.filter(target_type=report.target_type_id, target_id=report.target_id)
    if action != "restore":
        settled = settled.filter(state=Report.State.OPEN)
    else:
        settled = settled.filter(pk=report.pk)
    settled.update(state=state, decided_by=by, decided_at=timezone.now())
    report.refresh_from_db()
    return report
