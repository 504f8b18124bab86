"""Writes for events: keyword-only, atomic; the activity row is written in the same transaction.

Attendance keeps two denormalised counters on the event (attendee_count, waitlist_count). Joining
and leaving lock the event row (select_for_update), so two people taking the last place at once
cannot both get it, and leaving promotes the first person on the waiting list in the same
transaction. What the people signed up are told (a change, a cancellation, a place gained or
lost) is in notices.py, called from here.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activity.models import Verb
from activity.services import hide_for
from activity.services import record as activity_record
from comments.models import Comment
from communities.rules import CommunityAccess, refuse
from core.concurrency import claim_edit
from core.errors import Invalid
from search.services import index_later, remove_item

from . import notices
from .models import Attendance, Event

EVENT_FIELDS = (
    "title",
    "description",
    "location",
    "online_url",
    "starts_at",
    "ends_at",
    "timezone",
    "contact",
    "capacity",
)


def _index_later(event):
    """Keep the search index in step."""
    index_later(event)


def _remove_from_index(event):
    remove_item(event)


POSTING = gettext_lazy("add events and say they will attend")


def _require_can_post(user, community):
    access = CommunityAccess(user, community)
    access.require("post", feature="events", doing=POSTING)
    return access


@transaction.atomic
def event_create(*, community, user, **fields):
    _require_can_post(user, community)
    event = Event.objects.create(
        community=community, created_by=user, **{k: fields[k] for k in EVENT_FIELDS if k in fields}
    )
    activity_record(actor=user, verb=Verb.EVENT_CREATED, target=event, excerpt=event.description)
    _index_later(event)
    return event


@transaction.atomic
def event_update(*, event, user, base_version=None, **fields):
    """Change an event. Everyone signed up hears about a new date or time, location or online
    link (notices.describe_changes says what), and the same changes raise the iCal sequence;
    a capacity below the number going moves the latest sign-ups to the top of the waiting
    list, and a bigger one promotes from it.

    The returned event carries `changes` (what changed, in sentences), `told` (who heard about
    it) and `moved_to_waitlist` (who lost their place), for the page's message. Raises
    EditConflict if the event was saved after `base_version`."""
    access = CommunityAccess(user, event.community)
    if not event.can_change(user, access):
        refuse("author_or_facilitator", doing=_("change this event"))
    locked = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    if locked.is_cancelled:
        raise Invalid(_("This event has been cancelled: it can no longer be changed."))
    claim_edit(locked, base_version=base_version)
    before, old_capacity = notices.snapshot(locked), locked.capacity
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    locked.changes = notices.describe_changes(before, notices.snapshot(locked))
    if locked.changes:
        # What the people signed up are told about is what calendar apps must pick up too,
        # also for an event that is over (the calendar feed still carries it).
        locked.sequence += 1
    locked.save()
    locked.moved_to_waitlist = _move_overflow_to_waitlist(
        locked, actor=user, old_capacity=old_capacity
    )
    # A bigger capacity (or none) opens places for the waiting list.
    _promote_waitlisted(locked, actor=user)
    locked.told = []
    if locked.changes and not locked.is_past:
        locked.told = notices.tell_changed(event=locked, actor=user, changes=locked.changes)
    _index_later(locked)
    return locked


@transaction.atomic
def event_cancel(*, event, user, note=""):
    """Call the event off. It stays on the calendar, marked as cancelled with the organiser's
    message; nobody can sign up any more; everyone signed up is told (the returned event's
    `told`)."""
    access = CommunityAccess(user, event.community)
    if not event.can_change(user, access):
        refuse("author_or_facilitator", doing=_("cancel this event"))
    locked = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    if locked.is_cancelled:
        raise Invalid(_("This event has already been cancelled."))
    if locked.is_past:
        raise Invalid(_("This event is over: there is nothing to cancel."))
    locked.cancelled_at = timezone.now()
    locked.cancellation_note = note.strip()
    locked.sequence += 1  # STATUS:CANCELLED must reach calendars that already have the event
    locked.save(update_fields=["cancelled_at", "cancellation_note", "sequence", "updated"])
    locked.told = notices.tell_cancelled(
        event=locked, actor=user, attendances=notices.signed_up(locked)
    )
    return locked


@transaction.atomic
def event_delete(*, event, user):
    """Delete the event. If it was still to come, the people signed up are told it is off."""
    access = CommunityAccess(user, event.community)
    if not event.can_change(user, access):
        refuse("author_or_facilitator", doing=_("delete this event"))
    locked = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    if not locked.is_cancelled and not locked.is_past:
        notices.tell_cancelled(
            event=locked, actor=user, attendances=notices.signed_up(locked), removed=True
        )
    hide_for(event)
    _remove_from_index(event)
    Comment.objects.on(event).delete()
    event.delete()


def _refresh_counts(event):
    counts = event.attendances.aggregate(
        going=Count("pk", filter=Q(state=Attendance.State.GOING)),
        waiting=Count("pk", filter=Q(state=Attendance.State.WAITLISTED)),
    )
    event.attendee_count, event.waitlist_count = counts["going"], counts["waiting"]
    Event.objects.filter(pk=event.pk).update(
        attendee_count=event.attendee_count, waitlist_count=event.waitlist_count
    )


def _move_overflow_to_waitlist(event, *, actor, old_capacity):
    """Fewer places than people going: the latest sign-ups move to the top of the waiting list,
    in sign-up order, and are told. Caller holds the lock.

    The waiting list is ordered by sign-up time, and everyone going signed up before everyone
    waiting (free places are always filled from the waiting list at once, and newcomers only
    wait when the event is full), so the people moved land at its top without renumbering."""
    if event.capacity is None:
        return []
    going = list(
        event.attendances.filter(state=Attendance.State.GOING)
        .select_related("user")
        .order_by("created", "pk")
    )
    overflow = len(going) - event.capacity
    if overflow <= 0:
        return []
    moved = going[-overflow:]
    Attendance.objects.filter(pk__in=[a.pk for a in moved]).update(
        state=Attendance.State.WAITLISTED
    )
    for position, attendance in enumerate(moved, 1):
        attendance.state, attendance.waitlist_position = Attendance.State.WAITLISTED, position
    _refresh_counts(event)
    notices.tell_moved_to_waitlist(event=event, actor=actor, moved=moved, old_capacity=old_capacity)
    return [a.user for a in moved]


def _promote_waitlisted(event, *, actor=None):
    """Fill free places from the waiting list, first come first served, and tell those who got
    one. Caller holds the lock. A cancelled event has no places to give."""
    if event.is_cancelled:
        _refresh_counts(event)
        return []
    if event.capacity is None:
        free = None
    else:
        going = event.attendances.filter(state=Attendance.State.GOING).count()
        free = max(0, event.capacity - going)
    waiting = event.attendances.filter(state=Attendance.State.WAITLISTED).order_by("created", "pk")
    if free is not None:
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    if promoted:
        Attendance.objects.filter(pk__in=[a.pk for a in promoted]).update(
            state=Attendance.State.GOING
        )
        for attendance in promoted:
            attendance.state = Attendance.State.GOING
        notices.tell_promoted(event=event, actor=actor, promoted=promoted)
    _refresh_counts(event)
    return promoted


@transaction.atomic
def attend(*, event, user):
    """Say you will attend: a place if there is one, otherwise the waiting list."""
    _require_can_post(user, event.community)
    event = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    if event.is_past:
        raise Invalid(_("This event is over."))
    if event.is_cancelled:
        raise Invalid(_("This event has been cancelled."))
    existing = Attendance.objects.filter(event=event, user=user).first()
    if existing is not None:
        return existing
    going = event.attendances.filter(state=Attendance.State.GOING).count()
    full = event.capacity is not None and going >= event.capacity
    attendance = Attendance.objects.create(
        event=event,
        user=user,
        state=Attendance.State.WAITLISTED if full else Attendance.State.GOING,
    )
    _refresh_counts(event)
    return attendance


@transaction.atomic
def leave(*, event, user):
    """No longer attending (or no longer waiting). Frees the place for the next in line."""
    event = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    if event.community.is_archived:
        raise PermissionDenied(
            _("%(community)s has closed down: it is a read-only archive.")
            % {"community": event.community.name}
        )
    deleted, _by_model = Attendance.objects.filter(event=event, user=user).delete()
    if deleted:
        _promote_waitlisted(event)
    return bool(deleted)
