"""The forum, declared once: see core/features.py."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Post, Topic
from .search import TopicAdapter

TOPIC_STARTED = Verb(
    "topic_started", _("Topic started"), _("started a topic:"), role=CREATES, conversation=True
)
REPLY_POSTED = Verb(
    "reply_posted", _("Reply posted"), _("replied to"), role=CONTRIBUTES, conversation=True
)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else gettext("someone who has left")


def archive_pages(community):
    """The community archive's forum: every live thread with its live posts, in thread order
    (two queries, whatever the size)."""
    posts = {}
    rows = (
        Post.objects.filter(community=community, removed_at__isnull=True)
        .select_related("author")
        .order_by("topic_id", "path", "pk")
    )
    for post in rows.iterator(chunk_size=2000):
        posts.setdefault(post.topic_id, []).append(post)
    topics = (
        Topic.objects.filter(community=community, removed_at__isnull=True)
        .select_related("author")
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    for topic in topics.iterator(chunk_size=500):
        thread = posts.get(topic.pk, [])
        replies = max(len(thread) - 1, 0)
        yield {
            "title": topic.title,
            "meta": ngettext(
                "Started by %(name)s on %(when)s · %(count)s reply",
                "Started by %(name)s on %(when)s · %(count)s replies",
                replies,
            )
            % {"name": _name(topic.author), "when": _when(topic.created), "count": replies},
            "parts": [
                {"heading": _name(post.author), "meta": _when(post.created), "body": post.body}
                for post in thread
            ],
        }


FORUM = register(
    Feature(
        key="forum",
        label=_("Forum"),
        tab="forums:index",
        order=10,
        models=("forums.Topic", "forums.Post"),
        verbs=(TOPIC_STARTED, REPLY_POSTED),
        figures=(
            Figure(
                "forum_posts", _("Forum posts (topics and replies)"), (TOPIC_STARTED, REPLY_POSTED)
            ),
            Figure("topics", _("Forum topics started"), (TOPIC_STARTED,)),
        ),
        search=(TopicAdapter(Topic),),
        exports={
            "forum_topics": authored(
                Topic, author_field="author", fields=["id", "community__name", "title", "created"]
            ),
            "forum_posts": authored(
                Post,
                author_field="author",
                fields=[
                    "id",
                    "community__name",
                    "topic__title",
                    "body",
                    "created",
                    "edited_at",
                    "removed_at",
                ],
            ),
        },
        demo=demo.seed,
        archive=archive_pages,
    )
)
