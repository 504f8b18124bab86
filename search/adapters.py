"""Search adapters for apps that do not register their own: forum topics and blog entries.

(Wiki pages and documents register theirs in wikis/search.py and documents/search.py. A later
app registers its own from its AppConfig.ready(); see docs/knowledge.md, "Adding a searchable
model", for events.)
"""

from django.apps import apps
from django.db.models import Q

from communities.models import is_signed_in
from richtext.sanitise import html_to_text

from .registry import BODY_CHARS, Adapter, register


class TopicAdapter(Adapter):
    """A forum topic, found by its title, its opening post and the text of its live replies."""

    kind, label, label_plural = "topic", "Forum topic", "Forum topics"
    feature = "forum"

    def queryset(self):
        return self.model.objects.select_related("community", "author")

    def prefetch(self, items):
        from forums.models import Post

        texts = {item.pk: [] for item in items}
        sizes = dict.fromkeys(texts, 0)
        posts = (
            Post.objects.filter(
                topic__in=list(texts), removed_at__isnull=True
            )  # visibility: index build
            .order_by("topic_id", "path")
            .values_list("topic_id", "body")
        )
        for topic_id, body in posts:
            if sizes[topic_id] >= BODY_CHARS:
                continue
            text = html_to_text(body)
            texts[topic_id].append(text)
            sizes[topic_id] += len(text) + 1
        for item in items:
            item.search_text = " ".join(texts[item.pk])

    def body(self, topic):
        if not hasattr(topic, "search_text"):
            self.prefetch([topic])
        return topic.search_text

    def updated(self, topic):
        return topic.last_activity_at


class BlogEntryAdapter(Adapter):
    """A blog entry: personal, or published into one or more communities. Its own rule
    (BlogEntry.objects.visible_to) decides who finds it."""

    kind, label, label_plural = "blogentry", "Blog entry", "Blog entries"

    def queryset(self):
        return self.model.objects.select_related("author")

    def community(self, entry):
        return None

    def visible_q(self, user, visible_community_ids):
        entries = self.model.objects.visible_to(user, visible_community_ids=visible_community_ids)
        return Q(object_id__in=entries.values("pk"))

    def in_community_q(self, community):
        from blogs.models import BlogPublication

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


if apps.is_installed("forums"):
    from forums.models import Topic

    register(Topic, TopicAdapter())

if apps.is_installed("blogs"):
    from blogs.models import BlogEntry

    register(BlogEntry, BlogEntryAdapter())
