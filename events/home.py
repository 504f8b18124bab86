"""The "Coming up" panel on My home: the next events in the member's communities
(declared in events/features.py)."""

from .models import Event

SHOWN = 5


def coming_up(user):
    events = list(
        Event.objects.visible_to(user)
        .select_related("community")
        .soonest_in_communities_of(user, SHOWN)
    )
    return {"template": "events/includes/_my_home.html", "events": events}
