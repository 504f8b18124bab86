"""Base classes for content that lives inside a community (topics, wiki pages, documents…).

Later apps build on these so that no view, feed, search, tag page, stream or email filters
visibility by hand:

    class Topic(CommunityScopedModel):
        ...
        objects = TopicQuerySet.as_manager()   # TopicQuerySet(CommunityScopedQuerySet)

    Topic.objects.visible_to(request.user)
"""

from django.db import models

from core.models import TimeStampedModel


class CommunityScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items in communities whose content `user` may see (one SQL subquery, no list)."""
        from .models import Community

        return self.filter(community__in=Community.objects.visible_to(user).values("pk"))

    def in_community(self, community):
        return self.filter(community=community)

    def not_archived(self):
        """Items in communities still open for new activity (for alerts, "what's new")."""
        from .models import Community

        return self.exclude(community__stage__in=Community.ARCHIVED_STAGES)


class CommunityScopedModel(TimeStampedModel):
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_set",
        db_index=True,
    )

    objects = CommunityScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def visibility_sentence(self):
        """Every item says who can see it, in the words of its community's rule."""
        return self.community.visibility_sentence
