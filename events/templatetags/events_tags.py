from django import template

from events.models import Event

register = template.Library()

HOME_EVENTS = 3


@register.inclusion_tag("events/includes/_home_events.html", takes_context=True)
def upcoming_events(context, community):
    """The next few events on the community home (none when the feature is off: the rule)."""
    events = list(
        Event.objects.visible_to(context["request"].user)
        .in_community(community)
        .upcoming()[:HOME_EVENTS]
    )
    for event in events:
        event.community = community
    return {"events": events, "community": community}
