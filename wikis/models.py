"""Each community's wiki: pages any member can create and edit, every save a revision.

`WikiPage.version` is the number of its current revision; an edit names the version it started
from and is refused if the page has moved on since (optimistic locking, services.page_edit), so
two people editing at once never silently overwrite each other. Revisions are never changed or
deleted (only with their page); a revert is a new revision that copies an old one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet
from richtext.fields import RichTextField
from tags.models import TaggedItem

MAX_RELATED = 5


class WikiPageQuerySet(CommunityScopedQuerySet):
    def a_to_z(self):
        return self.order_by(Lower("title"), "pk")

    def recently_changed(self):
        return self.order_by("-updated", "-pk")


class WikiPage(CommunityScopedModel):
    title = models.CharField(max_length=200)
    # Fixed when the page is created, so links keep working when its title changes.
    slug = models.SlugField(max_length=220, allow_unicode=True)
    version = models.PositiveIntegerField(default=0)
    current_revision = models.ForeignKey(
        "wikis.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="related_from"
    )
    tags = TaggableManager(through=TaggedItem, blank=True)

    objects = WikiPageQuerySet.as_manager()

    class Meta:
        ordering = [Lower("title")]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="wikipage_unique_slug"),
            models.UniqueConstraint(
                "community",
                Lower("title"),
                name="wikipage_unique_title",
                violation_error_message=_("This wiki already has a page with that title."),
            ),
        ]
        indexes = [
            models.Index(fields=["community", "-updated"], name="wikipage_recent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("wikis:page", kwargs={"slug": self.community.slug, "page": self.slug})

    @property
    def author(self):
        """Who started the page (for search results and tag removal rights)."""
        return self.created_by

    def describe(self):
        return _("the wiki page “%(title)s”") % {"title": self.title}

    def clean_related(self, pages):
        pages = list(pages)
        if len(pages) > MAX_RELATED:
            raise ValidationError(
                _("Choose at most %(MAX_RELATED)s related entries.") % {"MAX_RELATED": MAX_RELATED}
            )
        for page in pages:
            if page.community_id != self.community_id:
                raise ValidationError(_("Related entries must be pages of the same wiki."))
            if page.pk == self.pk:
                raise ValidationError(_("A page cannot be related to itself."))
        return pages


class Revision(models.Model):
    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = RichTextField(_("body text"), blank=True)
    reason = models.CharField(_("reason for update"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when this revision restored an earlier one ("Reverted to revision 3").
    reverted_to = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="revision_unique_number"),
        ]

    def __str__(self):
        return f"{self.page_id} r{self.number}"

    def get_absolute_url(self):
        return reverse(
            "wikis:revision",
            kwargs={
                "slug": self.page.community.slug,
                "page": self.page.slug,
                "number": self.number,
            },
        )
