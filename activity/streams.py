"""Reading the log for people: keyset-paginated streams and the "breaking conversations" list.

Every function takes a queryset that is already filtered by `Activity.objects.visible_to(user)`;
nothing here decides visibility. Pages cost a constant number of queries: one for the rows (actor
and community joined in), and one existence check per content type on the page (drop_missing).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.utils import timezone

from .services import drop_missing

PAGE_SIZE = 20
CONVERSATION_DAYS = 14
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class StreamPage:
    rows: list
    next_cursor: str | None


def cursor_for(row):
    return f"{(row.created - EPOCH) // timedelta(microseconds=1)}-{row.pk}"


def parse_cursor(value):
    """A cursor "<microseconds>-<pk>" → (datetime, pk), or None for anything malformed."""
    try:
        micros, pk = (int(part) for part in (value or "").split("-"))
    except ValueError:
        return None
    if micros < 0 or pk < 0:
        return None
    try:
        return EPOCH + timedelta(microseconds=micros), pk
    except OverflowError:
        return None


def stream_page(queryset, cursor=None, size=PAGE_SIZE):
    """Newest first, `size` rows older than `cursor`; no COUNT(*) over the log."""
    queryset = queryset.newest_first()
    position = parse_cursor(cursor)
    if position is not None:
        created, pk = position
        queryset = queryset.filter(Q(created__lt=created) | Q(created=created, pk__lt=pk))
    rows = list(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursor_for(rows[-1]) if more and rows else None
    return StreamPage(rows=drop_missing(rows), next_cursor=next_cursor)


def breaking_conversations(queryset, page_number=None, days=CONVERSATION_DAYS, size=PAGE_SIZE):
    """Conversations (topics, blog entries) with something new in the last `days`, the most
    recently active first: one row per subject with its post and people counts.

    Three queries: the count, the grouped page, and the latest row of each group.
    """
    since = timezone.now() - timedelta(days=days)
    groups = (
        queryset.conversations()
        .filter(created__gte=since, subject_id__isnull=False)
        .order_by()
        .values("subject_type", "subject_id")
        .annotate(
            latest_id=Max("pk"),
            latest=Max("created"),
            posts=Count("pk"),
            people=Count("actor", distinct=True),
        )
        .order_by("-latest", "-latest_id")
    )
    page = Paginator(groups, size).get_page(page_number)
    latest = {
        row.pk: row
        for row in queryset.filter(
            pk__in=[group["latest_id"] for group in page.object_list]
        ).select_related("actor", "community")
    }
    shown = drop_missing(list(latest.values()))
    shown_ids = {row.pk for row in shown}
    page.object_list = [
        {**group, "row": latest[group["latest_id"]]}
        for group in page.object_list
        if group["latest_id"] in shown_ids
    ]
    return page
