"""Forums: topics and their threaded posts, inside a community.

A topic's first post (`is_opening`) holds what the starter wrote; every reply is a Post whose
`parent` is the post it answers. `path` is the materialised path (each ancestor's id,
zero-padded, then its own), so one ordered query over (topic, path) returns a page of the
thread in reading order: every reply right after the post it answers, oldest first among
siblings. Counters (reply_count, last_activity_at, last_poster, helpful_count) are kept by
services.py so lists never count rows per request.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.querysets import CommunityScopedModel, CommunityScopedQuerySet
from communities.rules import CommunityAccess
from conversations.models import Removable
from conversations.targets import ConversationTarget
from richtext.fields import RichTextField

PATH_WIDTH = 10
# Replies nest at most this deep in storage; a reply to a post this deep is filed beside it.
MAX_DEPTH = 12
# Threads are shown nested at most this deep; deeper replies say whom they answer instead.
DISPLAY_DEPTH = 4


def path_segment(pk):
    return f"{pk:0{PATH_WIDTH}d}"


class TopicQuerySet(CommunityScopedQuerySet):
    def live(self):
        return self.filter(removed_at__isnull=True)

    def most_current(self):
        """Pinned topics first, then the most recently active ("Most current")."""
        return self.order_by("-is_pinned", "-last_activity_at", "-pk")

    def a_to_z(self):
        return self.order_by(Lower("title"), "pk")

    def involving(self, user):
        """'My topics': started by the user or replied to by them."""
        replied = Post.objects.filter(author=user).values("topic_id")
        return self.filter(models.Q(author=user) | models.Q(pk__in=replied))


class Topic(Removable, CommunityScopedModel):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("A discussion")
        QUESTION = "question", _("A question (you can mark the reply that answers it)")

    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_topics"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DISCUSSION)
    teaser = models.CharField(max_length=160, blank=True)
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    reply_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opening_post = models.OneToOneField(
        "forums.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_answer = models.ForeignKey(
        "forums.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "-is_pinned", "-last_activity_at"], name="topic_current"
            ),
            models.Index("community", Lower("title"), name="topic_a_to_z"),
            models.Index(fields=["author", "created"], name="topic_author"),
            # The topic list counts and pages a community's live topics from this alone.
            models.Index(
                fields=["community", "-is_pinned", "-last_activity_at", "-id"],
                condition=models.Q(removed_at__isnull=True),
                name="topic_live_current",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:topic", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def is_question(self):
        return self.kind == self.Kind.QUESTION

    @property
    def is_answered(self):
        return self.accepted_answer_id is not None


class PostQuerySet(CommunityScopedQuerySet):
    def replies(self):
        return self.filter(is_opening=False)

    def in_thread_order(self):
        return self.order_by("path")


class Post(ConversationTarget, Removable, CommunityScopedModel):
    conversation_kind = "post"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_posts"
    )
    body = RichTextField(_("message"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=PATH_WIDTH * (MAX_DEPTH + 1), blank=True)
    depth = models.PositiveSmallIntegerField(default=0)
    is_opening = models.BooleanField(default=False)
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        indexes = [
            models.Index(fields=["topic", "path"], name="post_thread_order"),
            models.Index(fields=["author", "topic"], name="post_author_topic"),
        ]

    def __str__(self):
        return f"Post {self.pk} in {self.topic_id}"

    @property
    def anchor(self):
        return f"reply-{self.pk}"

    def get_absolute_url(self):
        return reverse("forums:post", kwargs={"slug": self.community.slug, "pk": self.pk})

    def describe(self):
        if self.is_opening:
            return _("“%(title)s” by %(author)s") % {
                "title": self.topic.title,
                "author": self.author.display_name,
            }
        return _("Reply by %(author)s in “%(title)s”") % {
            "author": self.author.display_name,
            "title": self.topic.title,
        }

    # --- the conversation protocol -----------------------------------------------------------
    def content_visible_to(self, user):
        hidden = self.is_removed or self.topic.is_removed
        return not hidden or self.can_moderate(user)

    def can_respond(self, user):
        access = CommunityAccess(user, self.community)
        return access.can_post and (not self.topic.is_locked or access.can_moderate)

    def can_moderate(self, user):
        return CommunityAccess(user, self.community).can_moderate

    def report_community_for(self, user):
        return self.community

    def moderation_hide(self, *, by):
        from .services import post_remove

        post_remove(post=self, by=by, after_report=True)

    def moderation_restore(self, *, by):
        from .services import post_restore

        post_restore(post=self, by=by)
