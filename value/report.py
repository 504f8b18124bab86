"""The sponsor report: what a community (or every community) did in a period, and what members
say it was worth. Reads only: the usage figures are activity's, the health figures
facilitation's, events and stories are counted here with grouped queries, so a report costs the
same number of queries for a community of 10 members or 10,000, and the site report the same for
3 communities or 300.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from activity import metrics, verbs
from activity.models import Activity
from communities.models import Community, Membership, StageChange
from events.models import Event
from facilitation import health
from lifecycle import selectors as lifecycle_selectors

from .models import Story, Unit

SHOWN_STORIES = 100
SHOWN_EVENTS = 50
STAGE_HISTORY = 10
BAR_HEIGHT = 24
BAR_GAP = 8
BAR_WIDTH = 300


def period_for(start_date, end_date):
    """Whole days, both included (activity's Period: `end` is the midnight after the last)."""
    period = metrics.custom_period(start_date, end_date)
    period.last_day = end_date
    return period


def bars(rows, *, caption, unit_label):
    """A horizontal bar chart drawn as inline SVG, from (label, value) pairs: the template shows
    it with the same figures as a table beside it."""
    rows = list(rows)
    peak = max([value for _, value in rows] + [1])
    drawn = []
    for i, (label, value) in enumerate(rows):
        drawn.append(
            {
                "label": label,
                "value": value,
                "y": i * (BAR_HEIGHT + BAR_GAP),
                "width": round(BAR_WIDTH * value / peak),
            }
        )
    return {
        "caption": caption,
        "unit_label": unit_label,
        "bars": drawn,
        "width": BAR_WIDTH,
        "height": max(1, len(drawn) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP),
        "bar_height": BAR_HEIGHT,
    }


def _amount(value):
    """A total as the same Decimal whichever database summed it: 6, 2.5, 120."""
    total = Decimal(value or 0).quantize(Decimal("0.1"))
    return total.to_integral() if total == total.to_integral() else total


def _savings(stories):
    """Total time and money members say they saved, per unit (never hours added to pounds)."""
    totals = dict(
        stories.exclude(saved_unit="")
        .order_by()
        .values_list("saved_unit")
        .annotate(total=Sum("saved_amount"))
    )
    counts = dict(
        stories.exclude(saved_unit="").order_by().values_list("saved_unit").annotate(n=Count("pk"))
    )
    return [
        {
            "unit": unit,
            "label": label,
            "total": _amount(totals.get(unit)),
            "stories": counts.get(unit, 0),
        }
        for unit, label in Unit.choices
    ]


def _story_counts(stories):
    return stories.aggregate(
        total=Count("pk"),
        told=Count("pk", filter=~Q(helped_with="")),
        shareable=Count("pk", filter=Q(sharing="shareable")),
    )


def _events(community, period):
    """Events held: not cancelled, started in the period and before now."""
    # visibility: a community the caller may moderate (community_view); counts and titles only.
    held = Event.objects.in_community(community).filter(
        starts_at__gte=period.start,
        starts_at__lt=min(period.end, timezone.now()),
        cancelled_at__isnull=True,
    )
    figures = held.aggregate(held=Count("pk"), attendees=Sum("attendee_count"))
    figures["attendees"] = figures["attendees"] or 0
    figures["list"] = list(
        held.order_by("starts_at", "pk").values("pk", "title", "starts_at", "attendee_count")[
            :SHOWN_EVENTS
        ]
    )
    return figures


def _duration(value):
    """A median wait in words: "40 minutes", "5 hours", "2.5 days"; "–" when nothing was
    replied to."""
    if value is None:
        return "–"
    minutes = value.total_seconds() / 60
    if minutes < 90:
        return f"{round(minutes)} minutes"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.1f} hours".replace(".0 ", " ")
    return f"{hours / 24:.1f} days".replace(".0 ", " ")


def _pct(value):
    return "–" if value is None else f"{value}%"


HEALTH_ROWS = [
    (gettext_lazy("Topics started"), lambda h: h.topics_started),
    (gettext_lazy("Time to first reply (median)"), lambda h: _duration(h.median_first_reply)),
    (gettext_lazy("Topics replied to within 48 hours"), lambda h: _pct(h.replied_within_48h_pct)),
    (gettext_lazy("Active contributors"), lambda h: h.active_contributors),
    (gettext_lazy("New members"), lambda h: h.new_members),
    (gettext_lazy("Members lost"), lambda h: h.members_lost),
    (gettext_lazy("Visits (at most one per member and day)"), lambda h: h.visits),
    (gettext_lazy("Members who visited"), lambda h: h.visitors),
    (gettext_lazy("Digests that carried the community"), lambda h: h.digest_reach),
    (gettext_lazy("Links followed from alert emails"), lambda h: h.link_clicks),
]


def _health(community, period):
    """facilitation's health figures for the period beside the period just before it, as
    rows of (label, now, before)."""
    now = health.figures(community, start=period.start, end=period.end)
    start, end = health.previous_period(period.start, period.end)
    before = health.figures(community, start=start, end=end)
    return {
        "rows": [(label, get(now), get(before)) for label, get in HEALTH_ROWS],
        "busiest": now.busiest,
        "previous_start": start,
        "previous_last_day": end - timedelta(days=1),
    }


def _stage(community):
    """The stage, its toolkit's progress (lifecycle) and the latest stage changes."""
    history = list(
        StageChange.objects.filter(community=community)
        .select_related("changed_by")
        .order_by("-created", "-pk")[:STAGE_HISTORY]
    )
    return {
        "current": community.get_stage_display(),
        "history": history,
        "toolkit": {
            "progress": lifecycle_selectors.progress_for(community),
            "tasks": lifecycle_selectors.checklist(community),
        },
    }


def community_report(community, period, *, viewer):
    """Every figure of the sponsor report for one community (its own, not its sub-communities')."""
    usage = metrics.community_report(community, period)
    stories = Story.objects.visible_to(viewer).filter(community=community)
    in_period = stories.between(period.start, period.end)
    shareable = list(in_period.shareable().select_related("user").newest_first()[:SHOWN_STORIES])
    p = usage["participation"]
    return {
        "community": community,
        "period": period,
        "usage": usage,
        "health": _health(community, period),
        "events": _events(community, period),
        "stage": _stage(community),
        "stories": _story_counts(in_period),
        "savings": _savings(in_period),
        "shareable": shareable,
        "split_chart": bars(
            [(gettext("Creators"), p["creators"]),
             (gettext("Contributors"), p["contributors"]),
             (gettext("Readers"), p["readers"])],
            caption=gettext("Who takes part: creators, contributors and readers"),
            unit_label=gettext("Members"),
        ),
    }  # fmt: skip


# --- every community ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


COLUMNS = [
    Column("name", gettext_lazy("Community"), numeric=False),
    Column("stage", gettext_lazy("Stage"), numeric=False),
    Column("toolkit", gettext_lazy("Stage toolkit done"), numeric=False),
    Column("members", gettext_lazy("Members")),
    Column("content", gettext_lazy("Items added")),
    Column("active", gettext_lazy("Active contributors")),
    Column("events", gettext_lazy("Events held")),
    Column("attendees", gettext_lazy("Attendees")),
    Column("stories", gettext_lazy("Stories")),
    Column("shareable", gettext_lazy("Shareable stories")),
    Column("hours", gettext_lazy("Hours saved")),
    Column("days", gettext_lazy("Days saved")),
    Column("pounds", gettext_lazy("Pounds saved")),
]
SORTS = {column.key for column in COLUMNS}


def _share(progress):
    return progress.done / progress.total if progress.total else 0


def _grouped(queryset, **aggregates):
    """{community_id: {name: value}} from one grouped query."""
    rows = queryset.order_by().values("community_id").annotate(**aggregates)
    return {row.pop("community_id"): row for row in rows}


def site_report(period, *, viewer, sort="name"):
    """The site's usage figures and one row per live community, sorted by `sort` (a column key,
    "-" first for descending). Site admins only (the caller checks)."""
    communities = list(
        Community.objects.visible_to(viewer)
        .live()
        .order_by("name", "pk")
        .values("pk", "name", "slug", "stage")
    )
    stage_labels = dict(Community.Stage.choices)
    toolkits = lifecycle_selectors.progress_of(
        SimpleNamespace(pk=c["pk"], stage=c["stage"]) for c in communities
    )
    # visibility: site admins only (the caller checks); the counts below cover every community.
    members = _grouped(
        Membership.objects.filter(created__lt=period.end, user__is_active=True), n=Count("pk")
    )
    log = (
        Activity.objects.shown()
        .between(period.start, period.end)
        .filter(verb__in=verbs.content(), community__isnull=False)
    )
    content = _grouped(log, n=Count("pk"), active=Count("actor", distinct=True))
    events = _grouped(
        Event.objects.filter(
            starts_at__gte=period.start,
            starts_at__lt=min(period.end, timezone.now()),
            cancelled_at__isnull=True,
        ),
        n=Count("pk"),
        attendees=Sum("attendee_count"),
    )
    stories_qs = Story.objects.visible_to(viewer).between(period.start, period.end)
    stories = _grouped(
        stories_qs,
        n=Count("pk"),
        shareable=Count("pk", filter=Q(sharing="shareable")),
        hours=Sum("saved_amount", filter=Q(saved_unit=Unit.HOURS)),
        days=Sum("saved_amount", filter=Q(saved_unit=Unit.DAYS)),
        pounds=Sum("saved_amount", filter=Q(saved_unit=Unit.POUNDS)),
    )
    rows = []
    for c in communities:
        pk = c["pk"]
        s = stories.get(pk, {})
        rows.append(
            {
                "pk": pk,
                "slug": c["slug"],
                "name": c["name"],
                "stage": stage_labels.get(c["stage"], c["stage"]),
                "toolkit": toolkits[pk],
                "members": members.get(pk, {}).get("n", 0),
                "content": content.get(pk, {}).get("n", 0),
                "active": content.get(pk, {}).get("active", 0),
                "events": events.get(pk, {}).get("n", 0),
                "attendees": events.get(pk, {}).get("attendees") or 0,
                "stories": s.get("n", 0),
                "shareable": s.get("shareable", 0),
                "hours": _amount(s.get("hours")),
                "days": _amount(s.get("days")),
                "pounds": _amount(s.get("pounds")),
            }
        )
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "name", "name"
    descending = sort.startswith("-")
    if key in ("name", "stage"):
        rows.sort(key=lambda row: (row[key].casefold(), row["pk"]), reverse=descending)
    elif key == "toolkit":
        rows.sort(key=lambda row: (_share(row[key]), row["name"].casefold()), reverse=descending)
    else:
        rows.sort(key=lambda row: (row[key], row["name"].casefold()), reverse=descending)
    totals = {
        column.key: sum(row[column.key] for row in rows) for column in COLUMNS if column.numeric
    }
    shareable = list(
        stories_qs.shareable().select_related("user", "community").newest_first()[:SHOWN_STORIES]
    )
    return {
        "period": period,
        "usage": metrics.site_report(period),
        "rows": rows,
        "totals": totals,
        "sort": sort,
        "sort_key": key,
        "descending": descending,
        "stories": _story_counts(stories_qs),
        "savings": _savings(stories_qs),
        "shareable": shareable,
    }
