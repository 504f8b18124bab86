"""iCalendar (RFC 5545) output with the `icalendar` package: one event, or a community's calendar.

Each VEVENT carries a stable UID, DTSTAMP, DTSTART/DTEND with the organiser's TZID (a VTIMEZONE
for each zone used is added), SUMMARY, DESCRIPTION (plain text from the sanitised HTML), LOCATION
(the place, or the online link), URL (the event's page), STATUS (CONFIRMED or CANCELLED),
CREATED, LAST-MODIFIED and SEQUENCE.

Every text value (the calendar's name too) goes in as icalendar's `vText`, which escapes
backslashes, commas, semicolons and line breaks, after `core.text.strip_control_chars`: RFC 5545
allows no other control character in a content line, whatever is stored. One-line values (name,
summary, location) also have their line breaks folded into spaces.

How calendar apps see a change to an event they already have (RFC 5545 3.8.7.4, RFC 5546 2.1.5):
the UID never changes (it is the event's primary key), and SEQUENCE (`Event.sequence`) goes up
with every change of date or time, place or online link and with cancelling, the same changes
the people signed up are told about. Among versions with the same SEQUENCE the later DTSTAMP
wins; with METHOD:PUBLISH, DTSTAMP is when this calendar was produced (now), so a refreshed feed
also carries edits that leave the sequence alone (a new title or description).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, vText
from icalendar import Event as VEvent

from core.text import strip_control_chars
from richtext.sanitise import html_to_text

PRODID = "-//Communities of Practice//Events//EN"


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def text(value):
    return vText(strip_control_chars(value or ""))


def line(value):
    return vText(" ".join(strip_control_chars(value or "").split()))


def uid_for(event):
    host = urlsplit(settings.SITE_URL).hostname or "cop.invalid"
    return f"event-{event.pk}@{host}"


def vevent(event, *, stamp=None):
    item = VEvent()
    item.add("uid", uid_for(event))
    item.add("dtstamp", stamp or timezone.now())
    item.add("dtstart", event.local_start)
    item.add("dtend", event.local_end)
    item.add("summary", line(event.title))
    description = html_to_text(event.description)
    if event.online_url:
        join = gettext("Join online: %(url)s") % {"url": event.online_url}
        description = f"{description}\n\n{join}".strip()
    if description:
        item.add("description", text(description))
    location = line(event.location or event.online_url)
    if location:
        item.add("location", location)
    item.add("url", absolute(event.get_absolute_url()))
    # Calendar apps that already have it strike it through (RFC 5545 3.8.1.11).
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("created", event.created)
    item.add("last-modified", event.updated)
    item.add("sequence", event.sequence)
    return item


def calendar(events, *, name):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", line(name))
    stamp = timezone.now()
    for event in events:
        cal.add_component(vevent(event, stamp=stamp))
    cal.add_missing_timezones()
    return cal


def ics_response(cal, *, filename, attachment=True):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
