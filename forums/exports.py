"""What this app adds to a member's "Download my data" zip (profiles.export)."""

from profiles.export import register_authored

from .models import Post, Topic


def register_exports():
    register_authored(
        "forum_topics",
        Topic,
        author_field="author",
        fields=["id", "community__name", "title", "created"],
    )
    register_authored(
        "forum_posts",
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
    )
