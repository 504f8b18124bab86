"""The "Coming up" panel on My home: the next events in the member's communities
(registered from EventsConfig.ready)."""

from communities.models import Community
from core.services import register_home_section

from .models import Event

SHOWN = 5


@register_home_section
def coming_up(user):
    communities = Community.objects.visible_to(user).filter(memberships__user=user).with_ancestors()
    with_events = {c.pk: c for c in communities if c.has_feature("events")}
    events = list(
        Event.objects.visible_to(user).filter(community__in=list(with_events)).upcoming()[:SHOWN]
    )
    for event in events:
        event.community = with_events[event.community_id]
    return {"template": "events/includes/_my_home.html", "events": events}
