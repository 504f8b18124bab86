"""The "Coming up" panel on My home: the next events in the member's communities
(declared in events/features.py)."""

from core.fragments import cached_rows

from .models import Event

SHOWN = 5
# The panel's template and every template it includes (core.fragments.cached_rows).
PANEL_TEMPLATES = ("events/includes/_my_home.html", "events/includes/_when.html")


def coming_up(user):
    """The panel's HTML, rendered once and then read from the cache under every value it
    shows (each event's title, community, times, time zone and whether it is cancelled); the
    events themselves are read afresh each time."""
    events = list(
        Event.objects.visible_to(user)
        .select_related("community")
        .soonest_in_communities_of(user, SHOWN)
    )
    values = [
        (
            *(event.pk, event.community.slug, event.community.name, event.title),
            *(event.starts_at.isoformat(), event.ends_at.isoformat(), event.timezone),
            event.is_cancelled,
        )
        for event in events
    ]
    html = cached_rows("coming-up", PANEL_TEMPLATES, values, {"section": {"events": events}})
    return {"template": "events/includes/_my_home_kept.html", "events": events, "html": html}
