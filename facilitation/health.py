"""A community's health figures for a period: how quickly members get replies, who takes part,
who arrives and leaves, when members visit, and how far its email goes.

`figures(community, start=..., end=...)` answers with a fixed handful of aggregate queries
whatever the size of the community (no loop over members or topics issues a query). The value
app's sponsor report builds on it, so its signature and the fields of `HealthFigures` are kept.

What is counted (docs/facilitation.md):

* time to first reply: for topics started in the period, from the topic to its first reply that
  was not removed; the median of those replied to, and the share replied to within 48 hours;
* creators, contributors, readers: among the members at the end of the period, who started
  something, who only added to what existed, and everyone else (as activity/metrics.py);
* new members: joined in the period; members lost: left or were removed in the period
  (counted per day, facilitation.Departures);
* visits: one per member and day at most (facilitation.Visit), by weekday and hour of the
  first visit of the day;
* digest reach and link clicks: digests sent that carried the community, and followed links
  from alert and digest emails into it (alerts.EmailReach; counts only).
"""

from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.dates import WEEKDAYS as DAY_NAMES

from activity import verbs
from activity.models import Activity
from alerts.models import EmailReach
from communities.models import Membership
from forums.models import Topic

from .models import Departures, Visit

REPLY_WITHIN = timedelta(hours=48)
WEEKDAYS = tuple(DAY_NAMES[day] for day in range(7))  # Monday first, translated when shown


@dataclass(frozen=True)
class HealthFigures:
    start: object
    end: object
    topics_started: int
    topics_replied: int
    median_first_reply: timedelta | None
    replied_within_48h: int
    replied_within_48h_pct: float | None
    members: int
    active_contributors: int
    creators: int
    contributors: int
    readers: int
    new_members: int
    members_lost: int
    visits: int
    visitors: int
    # visits_by_weekday_hour[weekday][hour]: Monday is 0, hours in the site's time zone.
    visits_by_weekday_hour: tuple
    digest_reach: int
    link_clicks: int

    @property
    def active_pct(self):
        return _pct(self.active_contributors, self.members)

    @property
    def busiest(self):
        """(weekday name, hour) with most first visits, or None without visits."""
        best, where = 0, None
        for day, hours in enumerate(self.visits_by_weekday_hour):
            for hour, n in enumerate(hours):
                if n > best:
                    best, where = n, (WEEKDAYS[day], hour)
        return where

    @property
    def peak_visits(self):
        return max((n for hours in self.visits_by_weekday_hour for n in hours), default=0)

    @property
    def heat_rows(self):
        """[(weekday name, [(visits, level 0-4), …24 hours])] for the heat table: the level is
        a shade, and the number is always written in the cell as well."""
        peak = self.peak_visits
        rows = []
        for day, hours in zip(WEEKDAYS, self.visits_by_weekday_hour, strict=True):
            cells = [(n, 0 if not n else 1 + min(3, (4 * n - 1) // peak)) for n in hours]
            rows.append((day, cells))
        return rows


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def previous_period(start, end):
    """The period of the same length just before [start, end)."""
    return start - (end - start), start


def _days(start, end):
    """The first and last local day touched by [start, end)."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end - timedelta(microseconds=1)).date()
    return first, last


def _replies(community, start, end):
    if not community.has_feature("forum"):
        return 0, [], 0
    topics = (
        Topic.objects.filter(
            community=community, created__gte=start, created__lt=end, removed_at__isnull=True
        )
        .annotate(
            first_reply=Min(
                "posts__created",
                filter=Q(posts__is_opening=False, posts__removed_at__isnull=True),
            )
        )
        .order_by()
        .values_list("created", "first_reply")
    )
    started, waits = 0, []
    for created, first_reply in topics:
        started += 1
        if first_reply is not None:
            waits.append(first_reply - created)
    return started, waits, sum(1 for wait in waits if wait <= REPLY_WITHIN)


def _members(community, start, end):
    memberships = Membership.objects.filter(
        community=community, created__lt=end, user__is_active=True
    )
    counts = memberships.aggregate(total=Count("pk"), new=Count("pk", filter=Q(created__gte=start)))
    per_actor = (
        Activity.objects.shown()
        .between(start, end)
        .in_community(community)
        .filter(verb__in=verbs.content(), actor__in=memberships.values("user"))
        .order_by()
        .values("actor")
        .annotate(creates=Count("pk", filter=Q(verb__in=verbs.creating())))
    )
    split = per_actor.aggregate(
        creators=Count("actor", filter=Q(creates__gt=0)),
        contributors=Count("actor", filter=Q(creates=0)),
    )
    return counts["total"], counts["new"], split["creators"] or 0, split["contributors"] or 0


def _visits(community, first, last):
    table = [[0] * 24 for _ in WEEKDAYS]
    visits = Visit.objects.filter(community=community, day__range=(first, last))
    total = 0
    for day, hour, n in (
        visits.order_by()
        .values_list("day", "hour")
        .annotate(n=Count("pk"))
        .values_list("day", "hour", "n")
    ):
        table[day.weekday()][min(hour, 23)] += n
        total += n
    visitors = visits.values("user").distinct().count()
    return total, visitors, tuple(tuple(hours) for hours in table)


def figures(community, *, start, end):
    """The health figures of `community` for [start, end)."""
    first, last = _days(start, end)
    started, waits, within = _replies(community, start, end)
    members, new, creators, contributors = _members(community, start, end)
    lost = Departures.objects.filter(community=community, day__range=(first, last)).aggregate(
        n=Sum("count")
    )["n"]
    visits, visitors, table = _visits(community, first, last)
    reach = EmailReach.objects.filter(community=community, day__range=(first, last)).aggregate(
        digests=Sum("digests"), clicks=Sum("clicks")
    )
    return HealthFigures(
        start=start,
        end=end,
        topics_started=started,
        topics_replied=len(waits),
        median_first_reply=median(waits) if waits else None,
        replied_within_48h=within,
        replied_within_48h_pct=_pct(within, started),
        members=members,
        active_contributors=creators + contributors,
        creators=creators,
        contributors=contributors,
        readers=max(0, members - creators - contributors),
        new_members=new,
        members_lost=lost or 0,
        visits=visits,
        visitors=visitors,
        visits_by_weekday_hour=table,
        digest_reach=reach["digests"] or 0,
        link_clicks=reach["clicks"] or 0,
    )
