"""One comments mechanism for anything that wants a conversation under it.

Blog entries use it now; documents and events will. A model becomes commentable by setting
`comment_kind` (its word in URLs: /comments/blogentry/12/add/), having a `comment_count` field,
a `visible_to(user)` queryset and these methods:

    can_comment(user)             may add a comment (members; never in an archived community)
    can_moderate(user)            may remove and restore anyone's comment
    report_community_for(user)    whose facilitators get reports (None: site admins)
    describe(), get_absolute_url()

A comment is visible exactly when its target is (CommentQuerySet.visible_to).
"""

from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from conversations.models import Removable
from conversations.targets import ConversationTarget
from core.models import TimeStampedModel
from richtext.fields import RichTextField


@lru_cache(maxsize=1)
def commentable_models():
    return {
        model.comment_kind: model
        for model in apps.get_models()
        if getattr(model, "comment_kind", None)
    }


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Comments whose target `user` can see: the target's own rule, one subquery each."""
        condition = Q(pk__in=[])
        for model in commentable_models().values():
            condition |= Q(
                target_type=ContentType.objects.get_for_model(model),
                target_id__in=model.objects.visible_to(user).values("pk"),
            )
        return self.filter(condition)

    def on(self, target):
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )

    def live(self):
        return self.filter(removed_at__isnull=True)


class Comment(ConversationTarget, Removable, TimeStampedModel):
    conversation_kind = "comment"

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = RichTextField(_("comment"))
    edited_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)

    # Moves by one with every save of the edit form, which saves only on top of the version
    # it was opened on (core.concurrency.claim_edit): no edit silently overwrites another.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created"]),
            models.Index(fields=["author", "created"]),
        ]

    def __str__(self):
        return f"Comment {self.pk} by {self.author}"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    def describe(self):
        return _("Comment by %(author)s on %(target)s") % {
            "author": self.author.display_name,
            "target": self.target.describe(),
        }

    # --- the conversation protocol, delegated to what the comment is on -----------------------
    def can_respond(self, user):
        return self.target.can_comment(user)

    def can_moderate(self, user):
        return self.target.can_moderate(user)

    def report_community_for(self, user):
        return self.target.report_community_for(user)

    def moderation_hide(self, *, by):
        from .services import comment_remove

        comment_remove(comment=self, by=by, after_report=True)

    def moderation_restore(self, *, by):
        from .services import comment_restore

        comment_restore(comment=self, by=by)
