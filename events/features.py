"""Events, declared once: see core/features.py."""

from core.features import CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .home import coming_up
from .models import Event
from .search import EventAdapter

EVENT_CREATED = Verb("event_created", "Event created", "added the event", role=CREATES)

EVENTS = register(
    Feature(
        key="events",
        label="Events",
        tab="events:index",
        order=20,
        models=("events.Event",),
        verbs=(EVENT_CREATED,),
        figures=(Figure("events", "Events", (EVENT_CREATED,)),),
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
    )
)
