"""Evidence of value: a member says an item helped them, and optionally how.

A `Story` is one member's "this helped me" about one post, wiki page, document or event (one per
member per item, a database constraint), with an optional short account of what it helped with
and the time or money it saved (a number and a unit; hours are never added to pounds). A story is
private to its author and the community's facilitators until the author agrees that it may be
shared with sponsors: a facilitator asks, the author consents or declines on a page of their own.

The story keeps the item's title and address as they were when it was told, so lists and reports
never fetch the items one by one; it also records the item's feature, so a story about an item
of a switched-off feature is hidden like the item itself.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from alerts.models import DeliveryRecord
from communities.models import Community
from communities.querysets import feature_switched_on

MAX_AMOUNT = Decimal("10000")
MAX_STORY = 1000


class Unit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    POUNDS = "pounds", _("pounds (£)")


class Sharing(models.TextChoices):
    PRIVATE = "private", _("Not shared")
    ASKED = "asked", _("Waiting for the author's answer")
    SHAREABLE = "shareable", _("Shareable (the author agreed)")
    DECLINED = "declined", _("Not shareable (the author said no)")


class StoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Stories in communities whose content `user` may see, about a feature still switched
        on there (the one rule, Community.objects.visible_to). Who among those sees a story's
        words (its author, the facilitators) is the caller's second question."""
        communities = Community.objects.visible_to(user).values("pk")
        return self.filter(
            Q(community__in=communities), feature_switched_on(F("feature"), prefix="community__")
        )

    def by(self, user):
        return self.filter(user=user)

    def about(self, item):
        return self.filter(target_type=ContentType.objects.get_for_model(item), target_id=item.pk)

    def between(self, start, end):
        return self.filter(created__gte=start, created__lt=end)

    def shareable(self):
        return self.filter(sharing=Sharing.SHAREABLE)

    def newest_first(self):
        return self.order_by("-created", "-pk")


class Story(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="value_stories"
    )
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="stories")
    feature = models.CharField(max_length=16)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_title = models.CharField(max_length=300)
    target_url = models.CharField(max_length=500)
    helped_with = models.TextField(_("what it helped with"), max_length=MAX_STORY, blank=True)
    saved_amount = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    saved_unit = models.CharField(max_length=8, choices=Unit.choices, blank=True)
    sharing = models.CharField(max_length=10, choices=Sharing.choices, default=Sharing.PRIVATE)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(db_index=True)
    updated = models.DateTimeField()

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = _("stories")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="story_one_per_member"
            ),
            models.CheckConstraint(
                condition=(Q(saved_amount__isnull=True) & Q(saved_unit=""))
                | (
                    Q(saved_amount__gt=0)
                    & Q(saved_amount__lte=MAX_AMOUNT)
                    & Q(saved_unit__in=Unit.values)
                ),
                name="story_saving_is_a_number_and_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "created"], name="story_community_created"),
            models.Index(fields=["community", "sharing", "created"], name="story_community_share"),
            models.Index(fields=["target_type", "target_id"], name="story_target"),
        ]

    def __str__(self):
        return f"{self.user} was helped by {self.target_title}"

    @property
    def amount_text(self):
        """The amount as a member would type it: "250", "1.5"."""
        amount = self.saved_amount
        if amount is None:
            return ""
        return f"{amount.to_integral() if amount == amount.to_integral() else amount}"

    @property
    def saving(self):
        """ "3 hours", "1.5 days", "£250", or "" when none was given."""
        if self.saved_amount is None:
            return ""
        amount = self.saved_amount
        number = f"{amount.to_integral() if amount == amount.to_integral() else amount:,f}"
        if self.saved_unit == Unit.POUNDS:
            return f"£{number}"
        unit = self.saved_unit if amount != 1 else self.saved_unit.rstrip("s")
        return f"{number} {unit}"

    @property
    def is_shareable(self):
        return self.sharing == Sharing.SHAREABLE

    @property
    def is_asked(self):
        return self.sharing == Sharing.ASKED


class ConsentEmail(DeliveryRecord):
    """The one email asking a story's author whether it may be shared, claimed before it goes
    (alerts.delivery): a facilitator asks once per story, so the story is the key."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"Consent email about story {self.story_id} ({self.status})"
