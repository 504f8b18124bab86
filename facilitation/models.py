"""What the facilitator's week needs to remember: each community's settings for "This week",
visits counted once per member and day, members lost per day, the personal notes facilitators
sent (for the rate limit), who opted out of the weekly email, and each weekly email sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alerts.models import DeliveryRecord
from communities.models import Community

DEFAULT_UNANSWERED_HOURS = 48


class WeekSettings(models.Model):
    """A community's choices for "This week". No row means the defaults."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    unanswered_hours = models.PositiveSmallIntegerField(
        _("show topics with no reply after (hours)"), default=DEFAULT_UNANSWERED_HOURS
    )

    def __str__(self):
        return f"This week in {self.community_id}: unanswered after {self.unanswered_hours} h"


class Visit(models.Model):
    """A member looked at a community on a day: at most one row per member, community and day,
    with the hour of the first look (for the weekday-and-hour table). Never which pages."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    hour = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user", "day"], name="visit_once_per_member_and_day"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "day"], name="visit_community_day"),
            models.Index(fields=["user", "community", "day"], name="visit_member_latest"),
        ]

    def __str__(self):
        return f"{self.user_id} visited {self.community_id} on {self.day}"


class Departures(models.Model):
    """How many members left (or were removed from) a community on a day: a count only."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = _("departures")
        constraints = [
            models.UniqueConstraint(fields=["community", "day"], name="departures_once_per_day"),
        ]

    def __str__(self):
        return f"{self.count} left {self.community_id} on {self.day}"


class PersonalNote(models.Model):
    """A personal note a facilitator sent a quiet member from "This week": kept for the limits
    (so many a day per facilitator, never twice to one member within a month)."""

    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["facilitator", "created"], name="note_facilitator_created"),
            models.Index(fields=["member", "created"], name="note_member_created"),
        ]

    def __str__(self):
        return f"Note from {self.facilitator_id} to {self.member_id}"


class WeeklyEmailOptOut(models.Model):
    """A facilitator who does not want the weekly email about one community."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="weekly_opt_out_once"),
        ]

    def __str__(self):
        return f"{self.user_id} opted out of the weekly email about {self.community_id}"


class SentWeeklyEmail(DeliveryRecord):
    """One row per facilitator, community and week, claimed before the email goes (see
    alerts.delivery): the unique key makes each weekly email go once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community", "week_start"], name="weekly_email_once_per_week"
            ),
        ]
        indexes = [models.Index(fields=["week_start"], name="weekly_email_week")]

    def __str__(self):
        return f"Weekly email to {self.user_id} about {self.community_id}, {self.week_start}"
