"""What this app adds to a member's "Download my data" zip (profiles.export)."""

from profiles.export import register_authored

from .models import Revision


def register_exports():
    register_authored(
        "wiki_edits",
        Revision,
        author_field="author",
        fields=["id", "page__community__name", "title", "body", "reason", "created"],
    )
