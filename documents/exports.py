"""What this app adds to a member's "Download my data" zip (profiles.export)."""

from profiles.export import register_authored

from .models import Document


def register_exports():
    register_authored(
        "documents",
        Document,
        author_field="author",
        fields=["id", "community__name", "title", "description", "created"],
    )
