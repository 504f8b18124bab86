"""The document library: files members share with their community, in versions, with ratings,
tags and comments.

A Document is what people see in the library (title, description, its numbers); each upload
is a DocumentVersion, so a new version never loses the old one. Files are stored through
Django's storage API under random names (local disk in development, S3-compatible storage in
production: docs/knowledge.md) and only ever served by the permission-checked file view.
Counters (ratings, comments, versions) are kept by services.py so lists never count rows.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet
from communities.rules import CommunityAccess
from core.files import INLINE_IMAGE_TYPES
from richtext.fields import RichTextField
from tags.models import TaggedItem

INLINE_TYPES = INLINE_IMAGE_TYPES | {"application/pdf"}


class DocumentQuerySet(CommunityScopedQuerySet):
    def latest_updates(self):
        return self.order_by("-updated", "-pk")

    def a_to_z(self):
        return self.order_by(Lower("title"), "pk")

    def highest_rated(self):
        return self.order_by("-rating_avg", "-rating_count", "-updated", "-pk")

    def uploaded_by(self, user):
        return self.filter(author=user)


class Document(CommunityScopedModel):
    comment_kind = "document"

    title = models.CharField(max_length=200)
    description = RichTextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="documents",
        help_text=_("Who first uploaded it."),
    )
    current_version = models.ForeignKey(
        "documents.DocumentVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version_count = models.PositiveIntegerField(default=0)
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    tags = TaggableManager(through=TaggedItem, blank=True)

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-pk"]
        indexes = [
            models.Index(fields=["community", "-updated"], name="document_latest"),
            models.Index("community", Lower("title"), name="document_a_to_z"),
            models.Index(
                fields=["community", "-rating_avg", "-rating_count"], name="document_rated"
            ),
            models.Index(fields=["author", "community"], name="document_author"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.community.slug, "pk": self.pk})

    def describe(self):
        return _("the document “%(title)s”") % {"title": self.title}

    @property
    def stars(self):
        """The average rounded to a whole number of stars, for the ★★★☆☆ display."""
        if not self.rating_count:
            return 0
        return int(Decimal(self.rating_avg).quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    # --- the comments protocol (comments/models.py) -----------------------------------------
    is_removed = False

    def content_visible_to(self, user):
        return True

    def can_comment(self, user):
        return CommunityAccess(user, self.community).can_post

    def can_respond(self, user):
        return self.can_comment(user)

    def can_moderate(self, user):
        return CommunityAccess(user, self.community).can_moderate

    def report_community_for(self, user):
        return self.community


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    kind_label = models.CharField(max_length=60, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="docversion_unique_number")
        ]

    def __str__(self):
        return f"{self.original_name} (version {self.number})"

    @property
    def size_label(self):
        return filesizeformat(self.size)

    @property
    def opens_in_browser(self):
        return self.content_type in INLINE_TYPES

    def file_url(self, download=False):
        document = self.document
        url = reverse(
            "documents:version_file",
            kwargs={"slug": document.community.slug, "pk": document.pk, "number": self.number},
        )
        return f"{url}?download=1" if download else url


class Rating(models.Model):
    """One member's 1–5 stars for one document; they can change it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_ratings"
    )
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="rating_one_per_member"),
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="rating_one_to_five"
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ by {self.user_id} for {self.document_id}"
