"""The activity list's rows written in Python.

A stream page shows twenty rows, each a sentence with two translated phrases, a relative time
and a link to its community; through the template engine (an include per row, two
`blocktranslate`s, the `timesince` and `date` filters, a `reverse()` per community) the rows
cost over a third of What's happening's time. The markup and the translated sentences are the
ones a template would give (the same message ids), so translations and styles apply as they are.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from core.links import url_maker


def render_items(rows, *, show_community):
    """The `<li>` of each activity row, as `activity/includes/_list.html` shows them."""
    community_url = url_maker("communities:home", "slug")
    parts = []
    for row in rows:
        where = ""
        community = row.community if show_community and row.community_id else None
        if community is not None and community.name != row.title:
            where = format_html(
                ' <span class="activity-item__where">{}</span>',
                mark_safe(
                    gettext('in <a href="%(get_absolute_url)s">%(name)s</a>')
                    % {
                        "get_absolute_url": conditional_escape(community_url(community.slug)),
                        "name": conditional_escape(community.name),
                    }
                ),
            )
        excerpt = (
            format_html('<p class="activity-item__excerpt">{}</p>', row.excerpt)
            if row.excerpt
            else ""
        )
        ago = gettext("%(created_timesince)s ago") % {
            "created_timesince": conditional_escape(timesince(row.created))
        }
        parts.append(
            format_html(
                '<li class="activity-item">\n'
                '  <p class="activity-item__what"><span class="activity-item__who">{}</span> {} '
                '<a href="{}">{}</a>{}</p>\n'
                "  {}\n"
                '  <p class="activity-item__when"><time datetime="{}">{}</time></p>\n'
                "</li>\n",
                row.actor_name,
                row.phrase,
                row.url,
                row.title,
                where,
                excerpt,
                template_localtime(row.created).isoformat(),
                mark_safe(ago),
            )
        )
    return mark_safe("".join(parts))
