from django import template

from core.fragments import cached_rows
from search.registry import adapter_for

from .. import selectors
from ..services import removable_rows

register = template.Library()

CLOUD_TEMPLATE = "tags/includes/_tag_cloud.html"


@register.inclusion_tag("tags/includes/_tags_box.html", takes_context=True)
def tags_for(context, item):
    """The tags on an item, with remove buttons for those who may, and the add-tag form (with
    the community's popular tags to click) for members. Include it on any taggable item's page:

        {% load tags_tags %}{% tags_for page %}
    """
    request = context["request"]
    user = request.user
    adapter = adapter_for(item)
    if adapter is None:
        return {"item": None}
    access = context.get("access")
    rows = selectors.tags_on(item)
    can_tag = adapter.can_tag(item, user, access)
    removable = removable_rows(user, item, rows, adapter=adapter, can_tag=can_tag, access=access)
    for row in rows:
        row.removable = row.pk in removable
    popular = []
    if can_tag:
        popular = selectors.popular_tags(
            user=user,
            community=adapter.tag_community(item, user, access) or adapter.community(item),
            exclude=[row.tag.name for row in rows],
        )
    return {
        "item": item,
        "kind": adapter.kind,
        "rows": rows,
        "can_tag": can_tag,
        "popular": popular,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "box_id": f"tags-{adapter.kind}-{item.pk}",
    }


@register.simple_tag(takes_context=True)
def tag_cloud(context, community):
    """ "Members of this community tagged items with these words", weighted by use. The HTML
    is rendered from the cloud's rows alone and kept under them (core.fragments): the same words,
    counts and weights for another viewer or page read the same HTML."""
    cloud = selectors.tag_cloud(user=context["request"].user, community=community)
    values = [(row["slug"], row["name"], row["count"], row["weight"]) for row in cloud]
    return cached_rows("tag-cloud", (CLOUD_TEMPLATE,), values, {"cloud": cloud})
