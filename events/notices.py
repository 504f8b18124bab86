"""Telling the people signed up for an event what happened to it.

Everyone signed up (going or on the waiting list) hears about a new date or time, a new location
or online link, and a cancellation; the people concerned hear about moving to the waiting list
when places are cut, and about getting a place from it. Each gets a notification (the bell) and
an email, and only while they can still see the community's content: the one visibility rule,
asked through `activity.visibility.CommunitySight` (a few queries for the whole list, not one per
person). The person who made the change is never told.

Called from events.services inside their transaction: the notifications are written with the
change, and the emails are recorded with it and queued after the commit
(`core.email.queue_templated_emails`, one INSERT for everyone told).
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activity.visibility import CommunitySight
from communities.models import is_signed_in
from core.email import queue_templated_emails
from notifications.models import Notification
from notifications.services import notify_many

from .models import Attendance

# The fields whose change the people signed up hear about (capacity has its own notices).
WATCHED = ("starts_at", "ends_at", "timezone", "location", "online_url")


# --- words --------------------------------------------------------------------------------------
def _day(moment):
    return f"{moment:%a} {moment.day} {moment:%b %Y}"


def when_text(starts_at, ends_at, zone_name, *, with_zone=True):
    """ "Tue 8 Sep 2026, 09:00–17:00 (Europe/London time)", in the event's own zone."""
    zone = ZoneInfo(zone_name)
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        text = f"{_day(start)}, {start:%H:%M}–{end:%H:%M}"
    else:
        text = f"{_day(start)}, {start:%H:%M} – {_day(end)}, {end:%H:%M}"
    return f"{text} ({zone_name} time)" if with_zone else text


def event_when(event):
    return when_text(event.starts_at, event.ends_at, event.timezone)


def snapshot(event):
    """The watched fields as they are now, to compare after an edit."""
    return {name: getattr(event, name) for name in WATCHED}


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


def _time_sentence(before, after):
    old_start, old_end = before["starts_at"], before["ends_at"]
    new_start, new_end = after["starts_at"], after["ends_at"]
    if (_minute(old_start), _minute(old_end)) == (_minute(new_start), _minute(new_end)):
        return None  # the same moments (perhaps written in another time zone): nothing to tell
    old_zone, new_zone = before["timezone"], after["timezone"]
    same_zone = old_zone == new_zone
    old = when_text(old_start, old_end, old_zone, with_zone=not same_zone)
    new = when_text(new_start, new_end, new_zone, with_zone=not same_zone)
    old_days = [m.astimezone(ZoneInfo(old_zone)).date() for m in (old_start, old_end)]
    new_days = [m.astimezone(ZoneInfo(new_zone)).date() for m in (new_start, new_end)]
    words = {"old": old, "new": new, "zone": new_zone}
    if old_days == new_days:
        if same_zone:
            return _("The time changed from %(old)s to %(new)s (%(zone)s time).") % words
        return _("The time changed from %(old)s to %(new)s.") % words
    if same_zone:
        return _("The date and time changed from %(old)s to %(new)s (%(zone)s time).") % words
    return _("The date and time changed from %(old)s to %(new)s.") % words


def _place_sentence(noun, old, new, *, quote):
    old, new = (old or "").strip(), (new or "").strip()
    if old == new:
        return None
    shown_old, shown_new = (f"“{old}”", f"“{new}”") if quote else (old, new)
    words = {"noun": noun, "old": shown_old, "new": shown_new}
    if old and new:
        return _("The %(noun)s changed from %(old)s to %(new)s.") % words
    if new:
        return _("The %(noun)s is now %(new)s (there was none before).") % words
    return _("The %(noun)s %(old)s was removed.") % words


def describe_changes(before, after):
    """Plain sentences, one per thing that changed, that people signed up need to know about.
    An edit of anything else (the title, the description, the contact) gives none."""
    sentences = [
        _time_sentence(before, after),
        _place_sentence(_("location"), before["location"], after["location"], quote=True),
        _place_sentence(_("online link"), before["online_url"], after["online_url"], quote=False),
    ]
    return [sentence for sentence in sentences if sentence]


# --- who hears ----------------------------------------------------------------------------------
def signed_up(event):
    """Everyone signed up, going first then the waiting list, each in sign-up order, with
    `waitlist_position` set for those waiting (one query)."""
    attendances = list(
        Attendance.objects.filter(event=event).select_related("user").order_by("created", "pk")
    )
    going = [a for a in attendances if a.state == Attendance.State.GOING]
    waiting = [a for a in attendances if a.state == Attendance.State.WAITLISTED]
    for position, attendance in enumerate(waiting, 1):
        attendance.waitlist_position = position
    return going + waiting


def _who_can_see(event, attendances, actor):
    """Those of `attendances` who may still see the event's community, never `actor`."""
    actor_id = getattr(actor, "pk", None)
    people = [a for a in attendances if a.user_id != actor_id and is_signed_in(a.user)]
    if not people:
        return []
    community_ids = {event.community_id}
    sight = CommunitySight({a.user_id for a in people}, community_ids)
    return [a for a in people if sight(a.user, community_ids)]


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _standing(attendance):
    if attendance.state == Attendance.State.GOING:
        return _("You are down as going.")
    position = getattr(attendance, "waitlist_position", None)
    if position:
        return _("You are number %(position)s on the waiting list.") % {"position": position}
    return _("You are on the waiting list.")


def _tell(*, event, attendances, actor, summary, path, template, context, per_person=None):
    """The notification and the email for each of `attendances` who may hear."""
    people = _who_can_see(event, attendances, actor)
    if not people:
        return []
    notify_many(
        users=[a.user for a in people],
        kind=Notification.Kind.EVENT,
        actor=actor,
        summary=summary,
        url=path,
        about=event,
    )
    shared = {
        "event": event.title,
        "community": event.community.name,
        "when": event_when(event),
        "url": _absolute(path),
        "actor": actor.display_name if actor is not None else "",
        **context,
    }
    queue_templated_emails(
        {
            "to": [attendance.user.email],
            "template": template,
            "context": {**shared, **(per_person(attendance) if per_person else {})},
        }
        for attendance in people
        if attendance.user.email
    )
    return [a.user for a in people]


# --- the notices ----------------------------------------------------------------------------------
def tell_changed(*, event, actor, changes):
    """A new date or time, location or online link: everyone signed up hears what changed."""
    return _tell(
        event=event,
        attendances=signed_up(event),
        actor=actor,
        summary=_("“%(title)s” has changed. %(changes)s")
        % {"title": event.title, "changes": " ".join(changes)},
        path=event.get_absolute_url(),
        template="events/email/event_changed",
        context={"changes": changes, "location": event.location, "online_url": event.online_url},
        per_person=lambda a: {"standing": _standing(a)},
    )


def tell_cancelled(*, event, actor, attendances, removed=False):
    """The event is off: cancelled (it stays on the calendar, marked), or deleted."""
    path = (
        reverse("events:index", kwargs={"slug": event.community.slug})
        if removed
        else event.get_absolute_url()
    )
    how = _("cancelled and removed from the calendar") if removed else _("cancelled")
    return _tell(
        event=event,
        attendances=attendances,
        actor=actor,
        summary=_("“%(title)s” (%(when)s) has been %(how)s.")
        % {"title": event.title, "when": event_when(event), "how": how},
        path=path,
        template="events/email/event_cancelled",
        context={"note": event.cancellation_note, "removed": removed},
    )


def tell_moved_to_waitlist(*, event, actor, moved, old_capacity):
    """Places were cut below the number going: the latest sign-ups now wait, at the top."""
    return _tell(
        event=event,
        attendances=moved,
        actor=actor,
        summary=ngettext(
            "“%(title)s” now has %(count)s place: you are one of the last to sign up, so you are "
            "on the waiting list.",
            "“%(title)s” now has %(count)s places: you are one of the last to sign up, so you are "
            "on the waiting list.",
            event.capacity,
        )
        % {"title": event.title, "count": event.capacity},
        path=event.get_absolute_url(),
        template="events/email/moved_to_waitlist",
        context={"old_capacity": old_capacity, "capacity": event.capacity},
        per_person=lambda a: {"standing": _standing(a)},
    )


def tell_promoted(*, event, actor, promoted):
    """A place came free (someone withdrew, or more places): the next in line have it."""
    return _tell(
        event=event,
        attendances=promoted,
        actor=actor,
        summary=_("A place came free at “%(event)s”: you are now down as going.")
        % {"event": event.title},
        path=event.get_absolute_url(),
        template="events/email/place_freed",
        context={},
    )
