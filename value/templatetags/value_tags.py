"""`{% helped_link item %}`: "This helped me" under a wiki page, document or event, for pages of
apps below this one (they load the tag; they never import value). Reads only what the page has
already worked out (`access` in its context), so it adds no query."""

from django import template
from django.urls import reverse

from ..targets import author_id, kind_of

register = template.Library()


@register.inclusion_tag("value/includes/_helped_link.html", takes_context=True)
def helped_link(context, item):
    access = context.get("access")
    user = context.get("user")
    kind = kind_of(type(item))
    shown = (
        kind is not None
        and access is not None
        and access.can_post
        and author_id(item) != getattr(user, "pk", None)
    )
    return {
        "shown": shown,
        "url": reverse("value:helped", args=[kind, item.pk]) if shown else "",
        "what": item.describe() if shown else "",
    }
