"""Writes for events: keyword-only, atomic; the activity row is written in the same transaction.

Attendance keeps two denormalised counters on the event (attendee_count, waitlist_count). Joining
and leaving lock the event row (select_for_update), so two people taking the last place at once
cannot both get it, and leaving promotes the first person on the waiting list in the same
transaction.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q

from activity.models import Verb
from activity.services import hide_for
from activity.services import record as activity_record
from comments.models import Comment
from communities.rules import CommunityAccess
from core.email import queue_templated_email

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
    """Keep the search index in step (when the search app is installed)."""
    if apps.is_installed("search"):
        from search.services import index_later

        index_later(event)


def _remove_from_index(event):
    if apps.is_installed("search"):
        from search.services import remove_item

        remove_item(event)


class EventError(Exception):
    """A refused change; str(error) is a sentence for the member."""


def _require_can_post(user, community):
    access = CommunityAccess(user, community)
    if not access.can_post or not community.has_feature("events"):
        if community.is_archived:
            raise PermissionDenied(f"{community.name} has closed down: it is a read-only archive.")
        raise PermissionDenied(f"Only members of {community.name} can do that.")
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
def event_update(*, event, user, **fields):
    access = CommunityAccess(user, event.community)
    if not event.can_change(user, access):
        raise PermissionDenied("Only its author or a facilitator can change this event.")
    locked = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    locked.save()
    # A bigger capacity opens places for the waiting list.
    _promote_waitlisted(locked)
    _index_later(locked)
    return locked


@transaction.atomic
def event_delete(*, event, user):
    access = CommunityAccess(user, event.community)
    if not event.can_change(user, access):
        raise PermissionDenied("Only its author or a facilitator can delete this event.")
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


def _promote_waitlisted(event):
    """Fill free places from the waiting list, first come first served. Caller holds the lock."""
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
        _tell_promoted(event, [a.user for a in promoted])
    _refresh_counts(event)
    return promoted


def _tell_promoted(event, users):
    """Email each person who moved up from the waiting list (after the commit)."""
    start = event.local_start
    when = f"{start:%a} {start.day} {start:%b %Y (%H:%M)} {event.timezone} time"
    context = {
        "event": event.title,
        "community": event.community.name,
        "when": when,
        "url": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
    }
    for user in users:
        if user.is_active and user.email:
            queue_templated_email(
                to=[user.email], template="events/email/place_freed", context=context
            )


@transaction.atomic
def attend(*, event, user):
    """Say you will attend: a place if there is one, otherwise the waiting list."""
    _require_can_post(user, event.community)
    event = Event.objects.select_for_update().select_related("community").get(pk=event.pk)
    if event.is_past:
        raise EventError("This event is over.")
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
            f"{event.community.name} has closed down: it is a read-only archive."
        )
    deleted, _ = Attendance.objects.filter(event=event, user=user).delete()
    if deleted:
        _promote_waitlisted(event)
    return bool(deleted)
