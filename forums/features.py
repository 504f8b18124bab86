"""The forum, declared once: see core/features.py."""

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Post, Topic
from .search import TopicAdapter

TOPIC_STARTED = Verb(
    "topic_started", "Topic started", "started a topic:", role=CREATES, conversation=True
)
REPLY_POSTED = Verb(
    "reply_posted", "Reply posted", "replied to", role=CONTRIBUTES, conversation=True
)

FORUM = register(
    Feature(
        key="forum",
        label="Forum",
        tab="forums:index",
        order=10,
        models=("forums.Topic", "forums.Post"),
        verbs=(TOPIC_STARTED, REPLY_POSTED),
        figures=(
            Figure(
                "forum_posts", "Forum posts (topics and replies)", (TOPIC_STARTED, REPLY_POSTED)
            ),
            Figure("topics", "Forum topics started", (TOPIC_STARTED,)),
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
    )
)
