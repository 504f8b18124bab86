"""Usage figures for a period, site-wide or for one community.

Everything is counted from the event log plus the User, Community and Membership tables, so the
figures work whichever feature apps are installed (a verb nobody records yet simply counts 0).
Each report is a fixed number of aggregate queries over indexed columns: no per-community or
per-member loops. Definitions are in docs/alerts-and-activity.md:

* creators: members who *started* something in the period (topic, blog entry, wiki page,
  document, event, poll) — the "1";
* contributors: members who only added to existing things (replied, commented, edited a wiki
  page, rated a document) — the "9";
* readers: every other member — the "90";
* active contributors: creators + contributors, as a share of members.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Membership
from core import features as feature_registry
from core.features import Figure

from . import verbs
from .models import Activity

PRESETS = {
    "30d": (_("Last 30 days"), 30),
    "90d": (_("Last 90 days"), 90),
    "12m": (_("Last 12 months"), 365),
}


@dataclass
class Period:
    start: datetime
    end: datetime
    label: str

    @property
    def days(self):
        return max(1, round((self.end - self.start) / timedelta(days=1)))

    @property
    def bucket(self):
        """Chart granularity: a bar per day, week or month depending on the span."""
        if self.days <= 45:
            return "day"
        if self.days <= 200:
            return "week"
        return "month"


def preset_period(key, now=None):
    label, days = PRESETS[key]
    end = now or timezone.now()
    return Period(start=end - timedelta(days=days), end=end, label=label)


def custom_period(start_date, end_date):
    """Whole days, both ends included, in the site's time zone."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(start_date, time.min), tz)
    end = timezone.make_aware(datetime.combine(end_date + timedelta(days=1), time.min), tz)
    return Period(
        start=start,
        end=end,
        label=_("%(start)s to %(end)s")
        % {"start": date_format(start_date, "j M Y"), "end": date_format(end_date, "j M Y")},
    )


# --- the pieces ---------------------------------------------------------------------------------
# The log's own figures; each feature declares its own (core.features.Feature.figures).
COMMENTS_FIGURE = Figure("comments", _("Comments"), (verbs.COMMENT_POSTED,))
JOINS_FIGURE = Figure("joins", _("Members joining"), (verbs.MEMBER_JOINED,))


def content_figures():
    """Every usage figure: the features' in tab order, then comments and joins."""
    declared = [figure for f in feature_registry.features() for figure in f.figures]
    return [*declared, COMMENTS_FIGURE, JOINS_FIGURE]


def _content_counts(log):
    by_verb = dict(log.order_by().values_list("verb").annotate(n=Count("pk")))
    return [
        {
            "key": figure.key,
            "label": figure.label,
            "value": sum(by_verb.get(v, 0) for v in figure.verbs),
        }
        for figure in content_figures()
    ]


def _participation(log, members, member_count):
    """The 1/9/90 split among `members` (a values("user") subquery)."""
    per_actor = (
        log.filter(verb__in=verbs.content(), actor__in=members)
        .order_by()
        .values("actor")
        .annotate(creates=Count("pk", filter=Q(verb__in=verbs.creating())))
    )
    split = per_actor.aggregate(
        creators=Count("actor", filter=Q(creates__gt=0)),
        contributors=Count("actor", filter=Q(creates=0)),
    )
    creators, contributors = split["creators"] or 0, split["contributors"] or 0
    readers = max(0, member_count - creators - contributors)

    def share(n):
        return round(100 * n / member_count, 1) if member_count else 0

    return {
        "members": member_count,
        "creators": creators,
        "contributors": contributors,
        "readers": readers,
        "active": creators + contributors,
        "creators_pct": share(creators),
        "contributors_pct": share(contributors),
        "readers_pct": share(readers),
        "active_pct": share(creators + contributors),
    }


def _bucket_starts(period):
    tz = timezone.get_current_timezone()
    day = timezone.localtime(period.start, tz).date()
    last = timezone.localtime(period.end - timedelta(microseconds=1), tz).date()
    if period.bucket == "week":
        day -= timedelta(days=day.weekday())
    elif period.bucket == "month":
        day = day.replace(day=1)
    starts = []
    while day <= last:
        starts.append(day)
        if period.bucket == "day":
            day += timedelta(days=1)
        elif period.bucket == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return starts


CHART_HEIGHT = 160
CHART_BAR = 12
CHART_GAP = 4


def _chart(log, period):
    """Content added per day/week/month: one grouped query, gaps filled with zeros."""
    tz = timezone.get_current_timezone()
    counts = {}
    rows = (
        log.filter(verb__in=verbs.content())
        .annotate(bucket=Trunc("created", period.bucket, tzinfo=tz))
        .order_by()
        .values_list("bucket")
        .annotate(n=Count("pk"))
    )
    for bucket, n in rows:
        key = bucket.date() if isinstance(bucket, datetime) else bucket
        if isinstance(key, date):
            counts[key] = counts.get(key, 0) + n
    fmt = {"day": "%-d %b", "week": "w/c %-d %b", "month": "%b %Y"}[period.bucket]
    starts = _bucket_starts(period)
    peak = max([counts.get(day, 0) for day in starts] + [1])
    bars = []
    for i, day in enumerate(starts):
        value = counts.get(day, 0)
        height = round(CHART_HEIGHT * value / peak)
        bars.append(
            {
                "label": day.strftime(fmt),
                "value": value,
                "x": i * (CHART_BAR + CHART_GAP),
                "y": CHART_HEIGHT - height,
                "height": height,
            }
        )
    return {
        "bars": bars,
        "peak": peak,
        "total": sum(b["value"] for b in bars),
        "width": max(1, len(bars) * (CHART_BAR + CHART_GAP)),
        "height": CHART_HEIGHT,
        "bar_width": CHART_BAR,
        "unit": period.bucket,
    }


def _organisations(end):
    """Distinct organisations on profiles, once a profiles app with an `organisation` exists."""
    try:
        profile = apps.get_model("profiles", "Profile")
    except LookupError:
        return None
    names = {f.name for f in profile._meta.get_fields()}
    if "organisation" not in names:
        return None
    field = profile._meta.get_field("organisation")
    qs = profile.objects.exclude(**{"organisation__isnull": True})
    if field.get_internal_type() in {"CharField", "TextField"}:
        qs = qs.exclude(organisation="")
    return qs.values("organisation").distinct().count()


# --- reports ------------------------------------------------------------------------------------
def site_report(period):
    """Every §6.1 figure for the whole site. Site admins only (the caller checks)."""
    log = Activity.objects.shown().between(period.start, period.end)
    live = Community.objects.live().filter(created__lt=period.end)  # visibility: site admins only
    in_period = Q(reviewed_at__gte=period.start, reviewed_at__lt=period.end)
    communities = live.aggregate(
        top=Count("pk", filter=Q(parent__isnull=True)),
        sub=Count("pk", filter=Q(parent__isnull=False)),
        new_top=Count("pk", filter=Q(parent__isnull=True) & in_period),
        new_sub=Count("pk", filter=Q(parent__isnull=False) & in_period),
    )
    stage_counts = dict(live.order_by().values_list("stage").annotate(n=Count("pk")))
    total_live = sum(stage_counts.values())
    stages = [
        {
            "stage": value,
            "label": label,
            "count": stage_counts.get(value, 0),
            "pct": round(100 * stage_counts.get(value, 0) / total_live, 1) if total_live else 0,
        }
        for value, label in Community.Stage.choices
    ]
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .aggregate(
            total=Count("pk", filter=Q(date_joined__lt=period.end)),
            new=Count("pk", filter=Q(date_joined__gte=period.start, date_joined__lt=period.end)),
        )
    )
    memberships = Membership.objects.filter(created__lt=period.end, user__is_active=True)
    member_count = memberships.values("user").distinct().count()
    return {
        "scope": "site",
        "period": period,
        "communities": communities,
        "stages": stages,
        "users": users,
        "organisations": _organisations(period.end),
        "content": _content_counts(log),
        "participation": _participation(log, memberships.values("user"), member_count),
        "chart": _chart(log, period),
    }


def community_report(community, period):
    """The same figures for one community (its own activity; sub-communities report their own)."""
    log = Activity.objects.shown().between(period.start, period.end).in_community(community)
    memberships = Membership.objects.filter(
        community=community, created__lt=period.end, user__is_active=True
    )
    members = memberships.aggregate(
        total=Count("pk"), new=Count("pk", filter=Q(created__gte=period.start))
    )
    children = community.children.filter(status=Community.Status.APPROVED).aggregate(
        sub=Count("pk"),
        new_sub=Count("pk", filter=Q(created__gte=period.start, created__lt=period.end)),
    )
    return {
        "scope": "community",
        "period": period,
        "community": community,
        "communities": children,
        "members": members,
        "content": _content_counts(log),
        "participation": _participation(log, memberships.values("user"), members["total"]),
        "chart": _chart(log, period),
    }
