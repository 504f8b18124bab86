"""The folksonomy: who tagged what, when, and in which community.

Tags themselves are django-taggit's `Tag` (shared with profile expertise and interests, so a
word means the same thing everywhere). `TaggedItem` is our own through model: one row per tag on
an item, whatever the item's app (generic foreign key), remembering the member who first added
it and the community it was tagged in. That community is what the tag clouds group by ("Members
of this community tagged items with these words"); for items that live in one community it is
that community, for blog entries published into several it is the one the tagger belongs to.

Every read for a page goes through the search index (SearchDocument.objects.visible_to), so a
tag on an item the viewer cannot see is never shown to them, and tags of deleted or hidden items
drop out of clouds and tag pages at once.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import CommonGenericTaggedItemBase, TaggedItemBase


class TaggedItem(CommonGenericTaggedItemBase, TaggedItemBase):
    object_id = models.PositiveBigIntegerField(verbose_name=_("object ID"))
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tagged_items",
    )

    natural_key_fields = ["object_id"]

    class Meta:
        ordering = ["tag__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="taggeditem_once_per_item"
            )
        ]
        indexes = [
            models.Index(fields=["community", "tag"], name="taggeditem_community_tag"),
            models.Index(fields=["tag", "created"], name="taggeditem_tag_created"),
        ]

    def __str__(self):
        return f"{self.tag} on {self.content_type.model} {self.object_id}"
