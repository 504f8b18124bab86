"""What this app adds to a member's "Download my data" zip (profiles.export)."""

from profiles.export import register_authored

from .models import BlogEntry


def register_exports():
    register_authored(
        "blog_entries",
        BlogEntry,
        author_field="author",
        fields=["id", "title", "body", "created", "edited_at", "removed_at"],
    )
