"""In-app notifications: the bell in the navigation, for things addressed to one person.

Alerts (alerts app) tell people about new content in what they follow, by email. Notifications
are personal: someone mentioned you, replied to your post, sent you a message, or decided your
membership request. Each row carries its own summary and link, so the list never fetches targets.

A notification about community content also records the community and the feature it belongs
to, and is shown only while its reader may still see that content (`shown_to`, the one rule):
someone who left a private community, or a community that switched the feature off, no longer
shows it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.sight import sight_of


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def shown_to(self, user):
        """`user`'s own notifications whose content they may still see."""
        still_seen = sight_of(user).rows_q()
        return self.for_user(user).filter(Q(community__isnull=True) | still_seen)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def newest_first(self):
        return self.select_related("actor").order_by("-created", "-pk")


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mentioned you")
        REPLY = "reply", _("Replied to you")
        MESSAGE = "message", _("Message")
        MEMBERSHIP = "membership", _("Membership")
        INVITATION = "invitation", _("Invitation")
        PROPOSAL = "proposal", _("Community proposal")
        EVENT = "event", _("Event")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The community and feature of what it is about, when it is about community content.
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    feature = models.CharField(max_length=16, blank=True)
    summary = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # The bell's unread count, and "mark all read".
            models.Index(fields=["user", "read_at"], name="notification_user_read"),
            models.Index(fields=["user", "created"], name="notification_user_created"),
        ]

    def __str__(self):
        return self.summary

    @property
    def is_unread(self):
        return self.read_at is None
