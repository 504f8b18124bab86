"""Tags in the events lists: the tags on each listed event, and the `?tag=<slug>` filter.

Both work on events that were already read through `Event.objects.visible_to(user)`: the filter
only narrows such a queryset, and the tags are read for the events on the page, so nobody learns
of a tag on an event they cannot see. One query for a page's tags, none for the filter (it is a
subquery of the list's own query). Without the tags app, lists show no tags and any tag filter
finds nothing.
"""

from django.db.models import Exists, OuterRef

# taggit's Tag.slug is a SlugField(max_length=100): anything longer cannot be a tag.
MAX_SLUG_LENGTH = 100


def tag_param(request):
    """The `?tag=` the person asked for, as typed but trimmed; "" for no filter."""
    return (request.GET.get("tag") or "").strip()


def _event_rows():
    """Tag rows on events. The content type is joined rather than looked up, so the page's
    query count does not depend on the content-type cache being warm."""
    from tags.models import TaggedItem

    return TaggedItem.objects.filter(  # visibility: callers narrow to events read through the rule
        content_type__app_label="events", content_type__model="event"
    )


def _can_be_a_slug(slug):
    # A NUL cannot even be sent to PostgreSQL; both would only ever match nothing.
    return len(slug) <= MAX_SLUG_LENGTH and "\x00" not in slug


def with_tag(events, slug):
    """`events` (a visible_to queryset) narrowed to those tagged `slug`. Tag slugs are
    lower case (taggit slugifies names), so `?tag=Budget` finds "budget"."""
    if not _can_be_a_slug(slug):
        return events.none()
    return events.filter(
        Exists(_event_rows().filter(object_id=OuterRef("pk"), tag__slug=slug.lower()))
    )


def attach_tags(events):
    """Give each event `tag_list`: its tags (taggit Tags), A–Z. One query for all of them.
    `events` must have been read through Event.objects.visible_to."""
    for event in events:
        event.tag_list = []
    if not events:
        return events
    by_id = {event.pk: event for event in events}
    rows = (
        _event_rows()
        .filter(object_id__in=list(by_id))  # only the listed events, read through the rule
        .select_related("tag")
    )
    for row in rows:
        by_id[row.object_id].tag_list.append(row.tag)
    for event in events:  # A–Z whatever the database's collation
        event.tag_list.sort(key=lambda tag: (tag.name.casefold(), tag.pk))
    return events


def shown_tag_name(events, slug):
    """The name of the filtered tag as its owners wrote it, found on the listed events; when no
    event is listed, the slug as typed (so a tag used only where the person cannot see is not
    named to them)."""
    wanted = slug.lower()
    for event in events:
        for tag in getattr(event, "tag_list", ()):
            if tag.slug == wanted:
                return tag.name
    return slug
