"""The forum's part of `activity_backfill` (declared in forums/features.py)."""

from activity.backfill import already, quietly
from activity.models import Verb

from .models import Post, Topic


def history():
    """Log forum topics and replies that were written without the log."""
    count = 0
    done = already(Verb.TOPIC_STARTED, Topic)
    for topic in Topic.objects.exclude(pk__in=done).select_related("community", "opening_post"):
        body = topic.opening_post.body if topic.opening_post else topic.teaser
        quietly(topic, actor=topic.author, verb=Verb.TOPIC_STARTED, target=topic, excerpt=body,
               created=topic.created)  # fmt: skip
        count += 1
    done = already(Verb.REPLY_POSTED, Post)
    replies = Post.objects.filter(is_opening=False).exclude(pk__in=done)
    for post in replies.select_related("topic", "community"):
        quietly(post, actor=post.author, verb=Verb.REPLY_POSTED, target=post, subject=post.topic,
               excerpt=post.body, created=post.created)  # fmt: skip
        count += 1
    return count
