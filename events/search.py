"""Events in the one search index and the tags folksonomy (declared in events/features.py); the
index row carries the event's community, so search results follow the communities rule."""

from django.utils.translation import gettext_lazy as _

from richtext.sanitise import html_to_text
from search.registry import Adapter


class EventAdapter(Adapter):
    kind, label, label_plural = "event", _("Event"), _("Events")

    def queryset(self):
        return self.model.objects.select_related("community", "created_by")

    def body(self, event):
        return " ".join(part for part in (html_to_text(event.description), event.location) if part)

    def author(self, event):
        return event.created_by
