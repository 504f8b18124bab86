"""How a blog entry appears in the search index (declared in blogs/features.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communities.models import is_signed_in
from communities.querysets import visible_ids
from search.registry import Adapter

from .models import BlogPublication


class BlogEntryAdapter(Adapter):
    """A blog entry: personal, or published into one or more communities. Its own rule
    (BlogEntry.objects.visible_to) decides who finds it."""

    kind, label, label_plural = "blogentry", _("Blog entry"), _("Blog entries")

    def queryset(self):
        return self.model.objects.select_related("author")

    def community(self, entry):
        return None

    def visible_q(self, user, visible_community_ids):
        return visible_ids(
            self.model,
            user,
            "object_id",
            visible_community_ids=frozenset(visible_community_ids),
        )

    def in_community_q(self, community):
        published = BlogPublication.objects.filter(community=community)  # visibility: a filter
        return Q(object_id__in=published.values("entry_id"))

    def _communities(self, entry):
        return [publication.community for publication in entry.publications.all()]

    def tag_community(self, entry, user, access=None):
        """A community it is published in where `user` may post (their tag counts there)."""
        for community in self._communities(entry):
            if self._access(community, user, access).can_post:
                return community
        return None

    def can_tag(self, entry, user, access=None):
        if not is_signed_in(user) or entry.is_removed:
            return False
        if user.pk == entry.author_id and not self._communities(entry):
            return True  # personal writing: its author tags it
        return self.tag_community(entry, user, access) is not None

    def can_remove_tags(self, entry, user, access=None):
        return entry.can_moderate(user)
