"""Community events: a calendar, iCal, attendance with an optional capacity and a waitlist.

An event belongs to one community (CommunityScopedModel), so who can see it is the community's
rule, `Event.objects.visible_to(user)`. Times are stored as aware datetimes (UTC in the database)
together with the IANA time zone the organiser gave them in; pages and iCal show them in that zone.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, models
from django.db.models import (
    BooleanField,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Membership, is_signed_in, is_site_admin
from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet
from richtext.fields import RichTextField

DEFAULT_TIMEZONE = "Europe/London"


class EventQuerySet(CommunityScopedQuerySet):
    def upcoming(self, now=None):
        """Not yet over (an event in progress is still "upcoming"), soonest first.

        Also bounded below by the start: no event that began longer ago than the longest event
        lasts can still be on. The database cannot know that starts and ends go together, so
        without the bound it walks the start index through every past event before the first
        one not yet over; with it the walk begins just before now. The longest length is one
        look-up in the `event_length` index, inside the same query.
        """
        now = now or timezone.now()
        length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
        longest = (
            Event._base_manager.order_by(length.desc()).annotate(length=length).values("length")
        )[:1]
        earliest = ExpressionWrapper(
            Value(now) - Subquery(longest, output_field=DurationField()),
            output_field=models.DateTimeField(),
        )
        return self.filter(ends_at__gte=now, starts_at__gte=earliest).order_by("starts_at", "pk")

    def soonest_in_communities_of(self, user, count, now=None):
        """The soonest `count` upcoming events (as upcoming() orders them) among these, in the
        communities `user` belongs to. The caller narrows to what `user` may see as usual.

        Across several communities "not over yet, soonest first" is no walk of one index:
        PostgreSQL would read every upcoming event of every community and sort them. Here it
        takes the first `count` of each community from its (community, start) index and picks
        among those: the soonest `count` overall are always among them, whichever
        communities the rule then leaves out, since it leaves out whole communities.
        """
        now = now or timezone.now()
        if connection.vendor != "postgresql":
            return self.filter(community__memberships__user=user).upcoming(now)[:count]
        return self.filter(_FirstUpcomingPerCommunity(user.pk, count, now)).order_by(
            "starts_at", "pk"
        )[:count]

    def past(self, now=None):
        """Over, most recent first. Past events stay browsable."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def between(self, start, end):
        """Events overlapping [start, end): for a month of the calendar."""
        return self.filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at", "pk")

    def with_my_state(self, user):
        """Each event's `my_state` for `user`: "going", "waitlisted" or None, read in the same
        query as the events (for the badges in lists)."""
        if not is_signed_in(user):
            return self.annotate(my_state=Value(None, output_field=models.CharField()))
        mine = Attendance.objects.filter(event=OuterRef("pk"), user=user).values("state")[:1]
        return self.annotate(my_state=Subquery(mine))


class _FirstUpcomingPerCommunity(Func):
    """`id = ANY(ARRAY(...))`: the first `count` events not yet over of each community the
    user belongs to, read per community (LATERAL) from the (community, start) index, no
    earlier than the longest event's length before now (see upcoming())."""

    output_field = BooleanField()

    def __init__(self, user_id, count, now):
        super().__init__(F("pk"))
        self.params = (now, now, int(count), int(user_id))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        # Only table names from the models; every value is a parameter.
        rows = (
            f"SELECT chosen.id FROM {Membership._meta.db_table} AS m"  # noqa: S608
            f" CROSS JOIN LATERAL (SELECT e.id FROM {Event._meta.db_table} AS e"
            " WHERE e.community_id = m.community_id AND e.ends_at >= %s"
            " AND e.starts_at >= %s - (SELECT MAX(l.ends_at - l.starts_at)"
            f" FROM {Event._meta.db_table} AS l)"
            " ORDER BY e.starts_at, e.id LIMIT %s) AS chosen"
            " WHERE m.user_id = %s"
        )
        return f"{column} = ANY(ARRAY({rows}))", (*column_params, *self.params)


class Event(CommunityScopedModel):
    comment_kind = "event"

    title = models.CharField(max_length=200)
    description = RichTextField(blank=True)
    location = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("A place people can find, or leave empty if online."),
    )
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True, help_text=_("Where to join if it is online.")
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    timezone = models.CharField(max_length=64, default=DEFAULT_TIMEZONE)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who people can ask about the event."),
    )
    capacity = models.PositiveIntegerField(null=True, blank=True)
    # Denormalised: kept current by services.py, so lists never count per event.
    attendee_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A cancelled event stays on the calendar, marked, with the organiser's message.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_note = models.TextField(blank=True)
    # iCal SEQUENCE (RFC 5545 3.8.7.4): calendar apps only take a new version of an event they
    # already have when this goes up. services.py raises it on the changes the people signed up
    # are told about (notices.describe_changes) and on cancelling.
    sequence = models.PositiveIntegerField(default=0)

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The end as well, so that upcoming() tests it from the index: the list's count of
            # a community's upcoming events reads the index alone, and Coming up's first few
            # of each community (soonest_in_communities_of) touch no past event's row.
            models.Index(
                fields=["community", "starts_at", "ends_at"], name="event_community_start_end"
            ),
            models.Index(fields=["community", "ends_at"], name="event_community_end"),
            # The longest event's length, for upcoming()'s lower bound on the start.
            models.Index(F("ends_at") - F("starts_at"), name="event_length"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.community.slug, "pk": self.pk})

    # --- time ------------------------------------------------------------------------------------
    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def same_day(self):
        return self.local_start.date() == self.local_end.date()

    # --- attendance ------------------------------------------------------------------------------
    @property
    def is_full(self):
        return self.capacity is not None and self.attendee_count >= self.capacity

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.attendee_count)

    # --- who may do what (the community's rule, plus authorship) ---------------------------------
    def can_change(self, user, access):
        """Edit, cancel or delete: its author or a facilitator, while the community is open."""
        if not access.can_view or self.community.is_archived or not self.community.is_live:
            return False
        return access.can_moderate or (access.is_member and self.created_by_id == user.pk)

    # --- the comments protocol (comments/models.py) ----------------------------------------------
    @property
    def author(self):
        """Whose event it is: comments.services notifies the target's `author` of new comments
        (as for blog entries and documents), after checking they can still see the comment."""
        return self.created_by

    def content_visible_to(self, user):
        return True

    def can_comment(self, user):
        from communities.rules import CommunityAccess

        return not CommunityAccess(user, self.community).refusal("post", feature="events")

    def can_moderate(self, user):
        if not is_signed_in(user):
            return False
        if is_site_admin(user):
            return True
        return Membership.objects.filter(
            user=user, community=self.community, role=Membership.Role.FACILITATOR
        ).exists()

    def report_community_for(self, user):
        return self.community

    def describe(self):
        return _("the event “%(title)s”") % {"title": self.title}


class Attendance(models.Model):
    """One member's answer to "will you attend?". Going, or waiting for a place."""

    class State(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waiting list")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_attendances"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.GOING)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="attendance_once_per_member"),
        ]
        indexes = [models.Index(fields=["event", "state", "created"], name="attendance_queue")]

    def __str__(self):
        return f"{self.user} {self.state} {self.event}"
