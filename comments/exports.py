"""What this app adds to a member's "Download my data" zip (profiles.export)."""

from profiles.export import register_authored

from .models import Comment


def register_exports():
    register_authored(
        "comments",
        Comment,
        author_field="author",
        fields=[
            "id",
            "target_type__model",
            "target_id",
            "body",
            "created",
            "edited_at",
            "removed_at",
        ],
    )
