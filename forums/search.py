"""How a forum topic appears in the search index (declared in forums/features.py)."""

from django.utils.translation import gettext_lazy as _

from richtext.sanitise import html_to_text
from search.registry import BODY_CHARS, Adapter

from .models import Post


class TopicAdapter(Adapter):
    """A forum topic, found by its title, its opening post and the text of its live replies."""

    kind, label, label_plural = "topic", _("Forum topic"), _("Forum topics")

    def queryset(self):
        return self.model.objects.select_related("community", "author")

    def prefetch(self, items):
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
