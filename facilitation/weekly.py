"""The weekly facilitator email: "This week in <community>" in short, on Monday mornings.

Beat runs `facilitation.tasks.send_weekly_emails` on Mondays; it queues one task per community
with facilitators due an email. For each facilitator who has not opted out, the blocks are read
for them (with their own sight of the community, at send time) and the email is skipped when
there is nothing to do and no figure changed from the week before. Otherwise it is sent exactly
once per facilitator, community and week, like digests (alerts.delivery): a SentWeeklyEmail row
is claimed in its own committed transaction before the message goes to the server, with a
Message-ID derived from that key, and confirmed (or the failure recorded) after.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from alerts import delivery
from alerts.delivery import BUSY, CLAIMED, claim, flagged, send_claimed
from alerts.models import Delivery
from communities.models import Community, Membership
from communities.rules import CommunityAccess
from core.delivery import TRANSIENT_ERRORS, message_id
from core.email import render_email

from .health import figures, previous_period
from .models import SentWeeklyEmail, WeeklyEmailOptOut
from .visits import flush_visits
from .week import week_for

# The figures compared with the week before: when none moved and nothing waits, no email.
COMPARED = (
    "topics_started",
    "topics_replied",
    "active_contributors",
    "new_members",
    "members_lost",
    "visits",
    "digest_reach",
    "link_clicks",
)


def week_of(now=None):
    """The Monday (a date) of the week `now` falls in: the key of that week's email."""
    today = timezone.localdate(now or timezone.now())
    return today - timedelta(days=today.weekday())


def period_before(week_start):
    """[start, end): the seven days that ended at the start of `week_start` (local midnight)."""
    end = timezone.make_aware(datetime.combine(week_start, time.min))
    return end - timedelta(days=7), end


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def due_communities(week_start):
    """Ids of live, open communities with at least one active facilitator who has not opted
    out and has had no email for this week yet."""
    opted_out = WeeklyEmailOptOut.objects.filter(
        user_id=OuterRef("user_id"), community_id=OuterRef("community_id")
    )
    done = SentWeeklyEmail.objects.filter(
        user_id=OuterRef("user_id"),
        community_id=OuterRef("community_id"),
        week_start=week_start,
        status__in=[Delivery.SENT, Delivery.FAILED],
    )
    communities = Community.objects.live().not_archived()
    return list(
        Membership.objects.filter(
            role=Membership.Role.FACILITATOR,
            user__is_active=True,
            community__in=communities.values("pk"),
        )
        .exclude(Exists(opted_out))
        .exclude(Exists(done))
        .order_by("community_id")
        .values_list("community_id", flat=True)
        .distinct()
    )


def _recipients(community, week_start, only=None):
    facilitators = (
        Membership.objects.filter(
            community=community, role=Membership.Role.FACILITATOR, user__is_active=True
        )
        .exclude(user_id__in=WeeklyEmailOptOut.objects.filter(community=community).values("user"))
        .exclude(
            user_id__in=SentWeeklyEmail.objects.filter(
                community=community,
                week_start=week_start,
                status__in=[Delivery.SENT, Delivery.FAILED],
            ).values("user")
        )
        .select_related("user")
        .order_by("user_id")
    )
    users = [m.user for m in facilitators if only is None or m.user_id in set(only)]
    skipped = flagged(user.email for user in users)
    return [user for user in users if user.email.lower() not in skipped]


def changed(now_figures, before):
    return any(getattr(now_figures, name) != getattr(before, name) for name in COMPARED)


def contents(community, user, week_start):
    """What one facilitator's email says, or None when there is nothing to say."""
    # The rule, asked again at send time: still a facilitator of a community they can see.
    if not CommunityAccess(user, community).can_moderate:
        return None
    start, end = period_before(week_start)
    the_week = week_for(community, user)  # what waits now, at send time
    now_figures = figures(community, start=start, end=end)
    before = figures(community, start=previous_period(start, end)[0], end=start)
    if not the_week.things_to_do and not changed(now_figures, before):
        return None
    this_week = absolute(reverse("facilitation:week", kwargs={"slug": community.slug}))
    return {
        "name": user.display_name,
        "community": community.name,
        "week": the_week,
        "health": now_figures,
        "before": before,
        "start": timezone.localtime(start),
        "last_day": timezone.localtime(end - timedelta(microseconds=1)),
        "this_week_url": this_week,
        "settings_url": this_week + "#settings",
        "my_alerts_url": absolute(reverse("alerts:mine")),
        "site_url": settings.SITE_URL,
    }


def weekly_message_id(community_id, week_start, user_id):
    return message_id("weekly", community_id, week_start.isoformat(), user_id)


def build_message(community, user, week_start, context, connection=None):
    subject, text, html = render_email("facilitation/email/weekly", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "Message-ID": weekly_message_id(community.pk, week_start, user.pk),
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0
    waiting: list = field(default_factory=list)
    unsent: list = field(default_factory=list)
    error: Exception | None = None


def deliver(community_id, week_start, only=None):
    """Send this week's email about `community_id` to each of its facilitators due one (those in
    `only`, when given). Safe to run any number of times: only those not yet sent are sent."""
    outcome = Outcome()
    flush_visits()
    community = Community.objects.with_ancestors().filter(pk=community_id).first()
    if community is None or not community.is_live or community.is_archived:
        return outcome
    todo = []
    for user in _recipients(community, week_start, only):
        context = contents(community, user, week_start)
        if context is None:
            outcome.skipped += 1
        else:
            todo.append((user, context))
    if not todo:
        return outcome
    connection = get_connection()
    try:
        connection.open()
    except TRANSIENT_ERRORS as error:
        outcome.unsent, outcome.error = [user.pk for user, _ in todo], error
        return outcome
    try:
        for position, (user, context) in enumerate(todo):
            state, pk = claim(
                SentWeeklyEmail,
                {"user_id": user.pk, "community_id": community.pk, "week_start": week_start},
                {},
            )
            if state == BUSY:
                outcome.waiting.append(user.pk)
            if state != CLAIMED:
                continue
            message = build_message(community, user, week_start, context, connection)
            status, error = send_claimed(SentWeeklyEmail, pk, message, user)
            if status == Delivery.FAILED:
                continue
            if status == Delivery.PENDING:
                outcome.unsent = [u.pk for u, _ in todo[position:]]
                outcome.error = error
                break
            outcome.sent += 1
    finally:
        try:
            connection.close()
        except TRANSIENT_ERRORS:
            pass
    return outcome


def give_up(community_id, week_start, user_ids, error):
    """The mail server did not take these within EMAIL_RETRY_HOURS: record each as failed."""
    for user in get_user_model().objects.filter(pk__in=user_ids):
        delivery.give_up(
            SentWeeklyEmail,
            {"user_id": user.pk, "community_id": community_id, "week_start": week_start},
            {},
            error,
        )
        delivery.record_undelivered(user.email, f"weekly facilitator email: {error}", user)
