"""What every conversation item shares: soft removal, "Helpful" reactions and reports.

A conversation item is a forum post, a comment or a blog entry (and later documents, events…).
Each such model mixes in `Removable` and `ConversationTarget` (targets.py) and gets, with no
code of its own, the Helpful button, the Report link and the facilitators' moderation queue.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Membership, is_signed_in, is_site_admin
from core.models import TimeStampedModel


class Removal(models.TextChoices):
    AUTHOR = "author", _("deleted by its author")
    MODERATOR = "moderator", _("removed by a facilitator")
    REPORT = "report", _("hidden by a facilitator after a report")


class Removable(models.Model):
    """Soft removal: the row stays (replies under it keep their place), its text is hidden from
    everyone but the community's moderators, who can restore it."""

    removed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal = models.CharField(max_length=10, choices=Removal.choices, blank=True)

    class Meta:
        abstract = True

    @property
    def is_removed(self):
        return self.removed_at is not None


class Reaction(models.Model):
    """One member found one item helpful. One per member per item (a database constraint)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="reaction_one_per_member"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id", "created"])]

    def __str__(self):
        return f"{self.user} found {self.target_type.model} {self.target_id} helpful"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports `user` may read and act on: those in communities they facilitate (and can
        still see), and for site admins every report, including those with no community."""
        if not is_signed_in(user):
            return self.none()
        if is_site_admin(user):
            return self.all()
        facilitated = Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR).values(
            "community_id"
        )
        communities = Community.objects.visible_to(user).filter(pk__in=facilitated)
        return self.filter(community__in=communities.values("pk"))

    def open(self):
        return self.filter(state=Report.State.OPEN)


class Report(TimeStampedModel):
    """A member tells a community's facilitators that an item breaks the ground rules."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for a facilitator")
        HIDDEN = "hidden", _("Hidden")
        RESTORED = "restored", _("Restored")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="reports_made"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # Whose facilitators handle it; empty for items outside any community (site admins do).
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField(max_length=2000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=Q(state="open"),
                name="report_one_open_per_reporter",
            )
        ]
        indexes = [
            models.Index(fields=["community", "state", "created"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"Report on {self.target_type.model} {self.target_id} ({self.state})"

    @property
    def is_open(self):
        return self.state == self.State.OPEN
