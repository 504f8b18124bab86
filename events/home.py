"""The "Coming up" panel on My home: the next events in the member's communities
(declared in events/features.py)."""

from communities.models import Community

from .models import Event

SHOWN = 5


def coming_up(user):
    communities = Community.objects.visible_to(user, feature="events").filter(
        memberships__user=user
    )
    with_events = {c.pk: c for c in communities}
    events = list(
        Event.objects.visible_to(user).filter(community__in=list(with_events)).upcoming()[:SHOWN]
    )
    for event in events:
        event.community = with_events[event.community_id]
    return {"template": "events/includes/_my_home.html", "events": events}
