from django import template

from activity.models import Activity
from activity.rendering import render_items
from activity.streams import stream_page

register = template.Library()


@register.inclusion_tag("activity/includes/_community_recent.html", takes_context=True)
def recent_activity(context, community, count=5):
    """The community home's "Recent activity" panel (the viewer can see the community)."""
    user = context["request"].user
    page = stream_page(Activity.objects.visible_to(user).in_community(community), size=count)
    return {"rows": page.rows, "community": community, "more": page.next_cursor is not None}


@register.simple_tag
def activity_items(rows, show_community=False):
    """The rows of an activity list (activity/rendering.py)."""
    return render_items(rows, show_community=bool(show_community))
