"""The "What's happening" panel on My home."""

from core.services import register_home_section

from .models import Activity
from .streams import stream_page

HOME_ITEMS = 8


@register_home_section
def whats_happening(user):
    page = stream_page(Activity.objects.visible_to(user), size=HOME_ITEMS)
    return {
        "template": "activity/includes/_home_section.html",
        "rows": page.rows,
        "more": page.next_cursor is not None,
    }
