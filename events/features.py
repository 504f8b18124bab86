"""Events, declared once: see core/features.py."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.features import CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .home import coming_up
from .models import Event
from .search import EventAdapter

EVENT_CREATED = Verb("event_created", _("Event created"), _("added the event"), role=CREATES)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else gettext("someone who has left")


def archive_pages(community):
    """The community archive's events, newest first, with where, when and who came (one
    query)."""
    events = Event.objects.filter(community=community).order_by("-starts_at", "-pk")
    for event in events:
        when = gettext("%(start)s to %(end)s") % {
            "start": _when(event.starts_at),
            "end": _when(event.ends_at),
        }
        facts = [(gettext("When"), when)]
        if event.location:
            facts.append((gettext("Where"), event.location))
        if event.online_url:
            facts.append((gettext("Online"), event.online_url))
        facts.append((gettext("Going"), str(event.attendee_count)))
        if event.cancelled_at:
            facts.append(
                (gettext("Cancelled"), event.cancellation_note or _when(event.cancelled_at))
            )
        yield {
            "title": event.title,
            "meta": _when(event.starts_at),
            "facts": facts,
            "body": event.description,
        }


EVENTS = register(
    Feature(
        key="events",
        label=_("Events"),
        tab="events:index",
        order=20,
        models=("events.Event",),
        verbs=(EVENT_CREATED,),
        figures=(Figure("events", _("Events"), (EVENT_CREATED,)),),
        search=(EventAdapter(Event),),
        exports={
            "events": authored(
                Event,
                author_field="created_by",
                fields=["id", "community__name", "title", "description", "starts_at", "ends_at"],
            )
        },
        home_section=coming_up,
        demo=demo.seed,
        archive=archive_pages,
    )
)
