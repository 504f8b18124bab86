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
from django.utils.translation import gettext_lazy as _

from activity.models import Activity
from core.models import TimeStampedModel


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


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
        _("how often, for things I start following"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    paused = models.BooleanField(
        _("pause all email alerts"),
        default=False,
        help_text=_(
            "Nothing is sent while paused; your subscriptions are kept for when you return."
        ),
    )
    paused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("alert preferences")

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


class Delivery(models.TextChoices):
    """Where one alert or digest to one person stands (alerts/delivery.py)."""

    CLAIMED = "claimed", _("Being sent")  # claimed in its own committed row, then handed to SMTP
    SENT = "sent", _("Sent")  # the mail server accepted it
    PENDING = "pending", _("Waiting to retry")  # the server could not take it; retried with backoff
    FAILED = "failed", _("Not delivered")  # refused (5xx) or still failing after EMAIL_RETRY_HOURS


class DeliveryRecord(models.Model):
    """The fields SentDigest and SentAlert share: one row per email to one person, claimed in its
    own committed transaction before the email goes to the server and confirmed after; a claim
    never confirmed (the worker died) is taken over after EMAIL_CLAIM_TIMEOUT and the email sent
    again with the same Message-ID (see alerts.delivery)."""

    status = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.CLAIMED)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        abstract = True


class SentDigest(DeliveryRecord):
    """One row per person, digest kind and period that was claimed for sending; `status` says
    whether it went. The unique key (user, kind, period_start) makes each digest go once:
    a re-run, a retried or redelivered batch, or a second worker finds the row and sends nothing
    unless it is a claim left unconfirmed (see alerts.digests)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_digests"
    )
    kind = models.CharField(max_length=10, choices=[(k.value, k.label) for k in DIGEST_KINDS])
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period_start"], name="sent_digest_once_per_period"
            ),
        ]
        indexes = [models.Index(fields=["kind", "period_start"], name="sent_digest_period")]

    def __str__(self):
        return f"{self.kind} digest for {self.user} from {self.period_start:%Y-%m-%d}"


class SentAlert(DeliveryRecord):
    """An immediate alert to one person about one action: never twice, also when the action
    was logged in several communities (`key` is Activity.action_key)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_alerts"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="sent_alert_once_per_action"),
        ]

    def __str__(self):
        return f"Alert to {self.user} about activity {self.activity_id}"


class EmailFailure(models.Model):
    """Delivery trouble of one address, for site admins (Django admin, "Email failures").

    `refusals` counts permanent refusals (SMTP 5xx for this recipient); at EMAIL_BOUNCE_LIMIT the
    address is flagged and alerts and digests skip it until its owner confirms it again (or
    changes to another address, which has no record). `undelivered` counts emails given up on
    after EMAIL_RETRY_HOURS of the server not taking them, which is not the address's fault and
    flags nothing."""

    address = models.EmailField(unique=True)  # lower case
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email_failures",
    )
    code = models.PositiveSmallIntegerField(_("last SMTP code"), null=True, blank=True)
    message = models.CharField(_("last error"), max_length=500, blank=True, default="")
    refusals = models.PositiveIntegerField(default=0)
    undelivered = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField(default=timezone.now)
    last_at = models.DateTimeField(default=timezone.now)
    flagged_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Set after repeated refusals: alerts and digests are not sent to this address "
            "until its owner confirms it again."
        ),
    )

    class Meta:
        ordering = ["-last_at"]
        indexes = [models.Index(fields=["flagged_at"], name="email_failure_flagged")]

    def __str__(self):
        return self.address


class EmailReach(models.Model):
    """How far a community's email went, per day, as counts only: how many digests that carried
    the community were sent, and how many links in alert and digest emails pointing into it were
    followed (through the signed redirect, alerts.clicks). Nothing here says who."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    digests = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "day"], name="email_reach_once_per_day"),
        ]

    def __str__(self):
        return f"{self.community_id} on {self.day}: {self.digests} digests, {self.clicks} clicks"
