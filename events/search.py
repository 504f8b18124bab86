"""Events in the one search index and the tags folksonomy (search/registry.py). Registered from
EventsConfig.ready() when the search app is installed; the index row carries the event's
community, so search results follow the communities visibility rule."""

from richtext.sanitise import html_to_text
from search.registry import Adapter, register

from .models import Event


class EventAdapter(Adapter):
    kind, label, label_plural = "event", "Event", "Events"
    feature = "events"

    def queryset(self):
        return Event.objects.select_related("community", "created_by")

    def body(self, event):
        return " ".join(part for part in (html_to_text(event.description), event.location) if part)

    def author(self, event):
        return event.created_by


register(Event, EventAdapter())
