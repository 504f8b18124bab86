"""Personal blogs, whose entries can be published into communities.

Every member has a blog. An entry belongs to its author, not to a community, but it can be
published into any of the author's communities (BlogPublication, one row per community); it
then appears in that community's "Blog entries" tab.

Who can see an entry (BlogEntryQuerySet.visible_to, the one rule for entries):
- its author, always;
- site administrators, always (moderation);
- anyone else signed in, while the author's blog is active, when EITHER the entry is published
  in no community (personal writing is not community content: every signed-in member may read
  it) OR it is published in at least one community whose content they can see (the communities
  rule). So an entry published only into private communities is for their members alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Membership, is_signed_in, is_site_admin
from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet, community_in
from conversations.models import Removable
from conversations.targets import ConversationTarget
from core import features as feature_registry
from core.models import TimeStampedModel
from richtext.fields import RichTextField


class Blog(models.Model):
    """A member's blog settings. Created the first time they write or change a setting."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="blog"
    )
    is_active = models.BooleanField(
        default=True, help_text=_("An inactive blog and its entries are seen by nobody but you.")
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Blog of {self.user}"


class BlogEntryQuerySet(models.QuerySet):
    def visible_to(self, user, *, visible_community_ids=None):
        """`visible_community_ids`: the ids of Community.objects.visible_to(user), when the
        caller has already read them (search does, for every kind); else a subquery."""
        if not is_signed_in(user):
            return self.none()
        publications = BlogPublication.objects.filter(entry=OuterRef("pk"))
        if visible_community_ids is None:
            communities = Community.objects.visible_to(
                user, feature=feature_registry.of_model(BlogPublication)
            )
            visible = Q(community__in=communities.values("pk"))
        else:
            # Checked on each publication found by its entry, not looked up by community: the
            # planner then need not weigh each of the (hundreds of) ids, milliseconds per query.
            visible = community_in(visible_community_ids, use_index=False)
        seen = publications.filter(visible)
        if is_site_admin(user):
            # Every blog, inactive ones included, for moderation; but an entry published only
            # where blogs are switched off is hidden from everyone but its author.
            return self.filter(Q(author=user) | ~Exists(publications) | Exists(seen))
        inactive = Blog.objects.filter(user=OuterRef("author_id"), is_active=False)
        return self.filter(
            Q(author=user) | (~Exists(inactive) & (~Exists(publications) | Exists(seen)))
        )

    def live(self):
        return self.filter(removed_at__isnull=True)

    def published_in(self, community):
        return self.filter(publications__community=community)


class BlogEntry(ConversationTarget, Removable, TimeStampedModel):
    conversation_kind = "blogentry"
    comment_kind = "blogentry"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_entries"
    )
    title = models.CharField(max_length=200)
    body = RichTextField(_("entry"))
    edited_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = BlogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = _("blog entries")
        indexes = [models.Index(fields=["author", "-created"], name="blogentry_author_created")]

    def __str__(self):
        return self.title

    @property
    def anchor(self):
        return "entry"

    def get_absolute_url(self):
        return reverse("blogs:entry", kwargs={"username": self.author.username, "pk": self.pk})

    def describe(self):
        return _("“%(title)s”, a blog entry by %(author)s") % {
            "title": self.title,
            "author": self.author.display_name,
        }

    # --- who may do what ---------------------------------------------------------------------
    def published_communities(self):
        """Uses the prefetched publications when the page loaded them."""
        return [publication.community for publication in self.publications.all()]

    def can_comment(self, user):
        """Anyone who can see it may comment, unless every community it is published in has
        closed down (an archive is read-only) or the blog is inactive."""
        if not is_signed_in(user) or self.is_removed:
            return False
        if not BlogEntry.objects.visible_to(user).filter(pk=self.pk).exists():
            return False
        communities = self.published_communities()
        if communities and all(community.is_archived for community in communities):
            return False
        return (
            user.pk == self.author_id
            or not Blog.objects.filter(user_id=self.author_id, is_active=False).exists()
        )

    def can_respond(self, user):
        return self.can_comment(user)

    def can_moderate(self, user):
        """The blog's owner (for comments on it), site admins, and the facilitators of any
        community the entry is published in."""
        if not is_signed_in(user):
            return False
        if user.pk == self.author_id or is_site_admin(user):
            return True
        return Membership.objects.filter(
            user=user,
            role=Membership.Role.FACILITATOR,
            community__in=self.publications.values("community"),
        ).exists()

    def report_community_for(self, user):
        """Reports go to the facilitators of a community the reporter saw it in (or, for a
        personal entry, to the site administrators)."""
        visible = Community.objects.visible_to(user).values("pk")
        publication = (
            self.publications.filter(community__in=visible).select_related("community").first()
        )
        return publication.community if publication else None

    def moderation_hide(self, *, by):
        from .services import entry_remove

        entry_remove(entry=self, by=by)

    def moderation_restore(self, *, by):
        from .services import entry_restore

        entry_restore(entry=self, by=by)

    @property
    def visibility_sentence(self):
        communities = self.published_communities()
        if not communities:
            return _(
                "Visible to everyone signed in to %(site)s: it is not published in a community."
            ) % {"site": settings.SITE_NAME}
        audiences = [community.audience_community for community in communities]
        if any(audience is None for audience in audiences):
            return _("Visible to everyone signed in to %(site)s.") % {"site": settings.SITE_NAME}
        names = sorted({audience.name for audience in audiences})
        return _("Visible to the members of %(communities)s and to site administrators.") % {
            "communities": str(_(" and ")).join(names)
        }


class BlogPublicationQuerySet(CommunityScopedQuerySet):
    pass


class BlogPublication(CommunityScopedModel):
    """An entry published into a community (shown in its "Blog entries" tab)."""

    entry = models.ForeignKey(BlogEntry, on_delete=models.CASCADE, related_name="publications")

    objects = BlogPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["community__name"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "community"], name="blog_publication_once")
        ]
        indexes = [models.Index(fields=["community", "-created"], name="blogpub_community_created")]

    def __str__(self):
        return f"{self.entry} in {self.community}"
