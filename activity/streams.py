"""Reading the log for people: keyset-paginated streams and the "breaking conversations" list.

Every function takes a queryset that is already filtered by `Activity.objects.visible_to(user)`;
nothing here decides visibility. Pages cost a constant number of queries: one for the rows (actor
and community joined in), and one existence check per content type on the page (drop_missing).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from core.queries import among

from .models import personal_subject_models
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
    """Newest first, `size` rows older than `cursor`; no COUNT(*) over the log.

    One query: the page's ids are chosen first (a subquery over the visible rows, walking the
    `created` index) and only those rows are joined to their actor and community. Joined
    before the limit, PostgreSQL misjudges how many visible rows there are and joins every one
    of them to the users table (300+ ms for a community of a few thousand rows)."""
    position = parse_cursor(cursor)
    if position is not None:
        created, pk = position
        queryset = queryset.filter(Q(created__lt=created) | Q(created=created, pk__lt=pk))
    window = queryset.order_by("-created", "-pk").values("pk")[: size + 1]
    rows = list(
        queryset.model.objects.filter(among("pk", window)).newest_first()
    )  # visibility: window
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursor_for(rows[-1]) if more and rows else None
    return StreamPage(rows=drop_missing(rows), next_cursor=next_cursor)


def breaking_conversations(queryset, page_number=None, days=CONVERSATION_DAYS, size=PAGE_SIZE):
    """Conversations (topics, blog entries) with something new in the last `days`, the most
    recently active first: one row per subject with its post and people counts.

    Three queries: the count, the grouped page, and the latest row of each group. A group
    outside any community is on someone's blog; its row carries `blog_owner`, the blog's owner's
    name (the latest actor may be anyone who commented there).
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
        for row in queryset.filter(pk__in=[group["latest_id"] for group in page.object_list])
        .select_related("actor", "community")
        .annotate(owner_name=_personal_subject_author_name())
    }
    shown = drop_missing(list(latest.values()))
    shown_ids = {row.pk for row in shown}
    User = get_user_model()
    for row in shown:
        if row.community_id is None:
            row.blog_owner = User(name=row.owner_name or "").display_name
    page.object_list = [
        {**group, "row": latest[group["latest_id"]]}
        for group in page.object_list
        if group["latest_id"] in shown_ids
    ]
    return page


def _personal_subject_author_name():
    """The name of the author of a row's personal subject (a blog entry: its author owns the
    blog), read in the row's own query; "" for rows about anything else."""
    names = [
        When(
            subject_type=ContentType.objects.get_for_model(model),
            then=Subquery(
                model._base_manager.filter(pk=OuterRef("subject_id")).values("author__name")[:1]
            ),
        )
        for model in personal_subject_models()
    ]
    if not names:
        return Value("", output_field=CharField())
    return Case(*names, default=Value(""), output_field=CharField())
