"""What this app adds to a member's "Download my data" zip (profiles.export)."""

from profiles.export import register_authored

from .models import Event


def register_exports():
    register_authored(
        "events",
        Event,
        author_field="created_by",
        fields=["id", "community__name", "title", "description", "starts_at", "ends_at"],
    )
