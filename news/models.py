"""News feeds a community subscribes to (RSS or Atom), and the items fetched from them.

Items are copied into the database by a Celery task (news/tasks.py, every 30 minutes from beat,
or a facilitator's "Fetch now"), never while a page is shown. Each feed records how its last
fetch went, in words the facilitator can act on.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet


class NewsSettings(models.Model):
    """Per-community choices for the news feature (kept in this app, one row per community)."""

    community = models.OneToOneField(
        "communities.Community",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="news_settings",
    )
    members_may_add = models.BooleanField(
        _("members may add news feeds"),
        default=False,
        help_text=_("Otherwise only facilitators add feeds."),
    )

    def __str__(self):
        return f"News settings of {self.community}"


class NewsFeed(CommunityScopedModel):
    class Status(models.TextChoices):
        NEW = "new", _("Not fetched yet")
        OK = "ok", _("OK")
        ERROR = "error", _("Error")

    name = models.CharField(max_length=120)
    url = models.URLField(_("address"), max_length=1000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Conditional GET: sent back to the server so an unchanged feed costs a 304.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    # Why the last fetch failed, in words for the facilitator (with an OK status: a note).
    last_error = models.TextField(blank=True)
    failure_count = models.PositiveIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "url"], name="newsfeed_unique_url"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:index", kwargs={"slug": self.community.slug}) + f"?feed={self.pk}"


class NewsItem(CommunityScopedModel):
    """One entry of a feed. `community` repeats the feed's, so the visibility rule (and the
    items page's index) works on this table alone."""

    feed = models.ForeignKey(NewsFeed, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=1000, blank=True)
    summary = models.TextField(blank=True)  # sanitised HTML (richtext.sanitise)
    published_at = models.DateTimeField(db_index=True)

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="newsitem_unique_guid"),
        ]
        indexes = [
            models.Index(fields=["community", "-published_at"], name="newsitem_community_pub"),
            models.Index(fields=["feed", "-published_at"], name="newsitem_feed_pub"),
        ]

    def __str__(self):
        return self.title
