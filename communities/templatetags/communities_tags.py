from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

# Feature → URL name of its page inside a community (each takes the community slug). A tab
# appears once the feature is enabled AND its app is installed, so later issues only need to
# name their index URL like this.
FEATURE_URLS = {
    "forum": "forums:index",
    "events": "events:index",
    "documents": "documents:index",
    "wiki": "wikis:index",
    "news": "news:index",
    "blogs": "blogs:community",
    "polls": "polls:index",
}
TAB_ORDER = ["home", "forum", "events", "members", "documents", "wiki", "news", "blogs", "polls"]


def _url(name, slug):
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return ""


@register.inclusion_tag("communities/includes/_tabs.html")
def community_tabs(community, active=None):
    """The seed's tab bar: Home | Forum | Events | Members | Documents | Wiki | News feeds |
    Blog entries — Home and Members always, the others when enabled and installed."""
    from communities.models import FEATURE_LABELS

    enabled = set(community.enabled_features)
    tabs = []
    for key in TAB_ORDER:
        if key == "home":
            tabs.append({"key": key, "label": "Home", "url": community.get_absolute_url()})
        elif key == "members":
            tabs.append(
                {"key": key, "label": "Members", "url": _url("communities:members", community.slug)}
            )
        elif key in enabled and (url := _url(FEATURE_URLS[key], community.slug)):
            tabs.append({"key": key, "label": FEATURE_LABELS[key], "url": url})
    return {"tabs": tabs, "active": active}


@register.inclusion_tag("communities/includes/_visibility_note.html")
def visibility_note(item):
    """Who can see this, in words: a community, or any item with `visibility_sentence`."""
    return {"sentence": item.visibility_sentence}
