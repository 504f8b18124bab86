"""Who wants to hear about what, how often, and what has already been sent to them.

A `Subscription` follows one thing, named by a generic reference plus an optional feature:

=====================================  ==========================  ==========================
follows                                target                      feature
=====================================  ==========================  ==========================
a whole community                      the Community               ""
the forum / wiki / library / blogs /   the Community               "forum", "wiki",
events / polls of a community                                      "documents", "blogs", ...
a single topic, document, wiki page,   that object (the activity   ""
blog entry, event                      log's *subject*)
a person's blog                        the User                    "blogs"
=====================================  ==========================  ==========================

When several subscriptions match one piece of activity, the most specific wins (see
alerts.matching): a single topic set to "off" mutes it even if its forum is followed.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from activity.models import Activity
from core.models import TimeStampedModel


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Immediately"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    OFF = "off", "Off"


DIGEST_KINDS = (Frequency.DAILY, Frequency.WEEKLY)


class AlertPreferences(models.Model):
    """The global settings on "My alerts". No row means the defaults (daily, not paused)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="alert_preferences",
    )
    default_frequency = models.CharField(
        "how often, for things I start following",
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    paused = models.BooleanField(
        "pause all email alerts",
        default=False,
        help_text="Nothing is sent while paused; your subscriptions are kept for when you return.",
    )
    paused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "alert preferences"

    def __str__(self):
        return f"Alert preferences of {self.user}"


class Subscription(TimeStampedModel):
    Frequency = Frequency

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    feature = models.CharField(max_length=16, blank=True, default="")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id", "feature"],
                name="subscription_unique_per_target",
            ),
        ]
        indexes = [
            # Fan-out for one activity row: who follows this community / subject / blogger?
            models.Index(
                fields=["target_type", "target_id", "feature"], name="subscription_target"
            ),
            # Digest runs: everyone with at least one daily (or weekly) subscription.
            models.Index(fields=["frequency", "user"], name="subscription_frequency_user"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.target_type_id}:{self.target_id} {self.feature}".strip()

    @property
    def key(self):
        return (self.target_type_id, self.target_id, self.feature)


class SentDigest(models.Model):
    """One row per digest actually sent. The unique key (user, kind, period_start) is inserted in
    the same database transaction that hands the email to the SMTP server: a re-run or a retried
    task finds the row and sends nothing, and a worker killed before the commit leaves no row, so
    the redelivered task sends that digest (see alerts.digests)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_digests"
    )
    kind = models.CharField(max_length=10, choices=[(k.value, k.label) for k in DIGEST_KINDS])
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_start"], name="sent_digest_once_per_period"
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start"], name="sent_digest_period")]

    def __str__(self):
        return f"{self.kind} digest for {self.user} from {self.period_start:%Y-%m-%d}"


class SentAlert(models.Model):
    """An immediate alert sent to one person about one action: never twice, also when the action
    was logged in several communities (`key` is Activity.action_key)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_alerts"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="sent_alert_once_per_action"),
        ]

    def __str__(self):
        return f"Alert to {self.user} about activity {self.activity_id}"
