from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from core import features as feature_registry

register = template.Library()

# Members sits among the features' tabs, after the forum and events (Feature.order 10, 20).
MEMBERS_ORDER = 25


def _url(name, slug):
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return ""


@register.inclusion_tag("communities/includes/_tabs.html")
def community_tabs(community, active=None):
    """The community's tab bar: Home first, Members, and each switched-on feature, in order."""
    enabled = set(community.enabled_features)
    tabs = [
        (0, "home", _("Home"), community.get_absolute_url()),
        (MEMBERS_ORDER, "members", _("Members"), _url("communities:members", community.slug)),
    ]
    for feature in feature_registry.features():
        if feature.key in enabled and (url := _url(feature.tab, community.slug)):
            tabs.append((feature.order, feature.key, feature.label, url))
    tabs.sort(key=lambda tab: tab[0])
    return {
        "tabs": [{"key": key, "label": label, "url": url} for _, key, label, url in tabs],
        "active": active,
    }


@register.inclusion_tag("communities/includes/_visibility_note.html")
def visibility_note(item):
    """Who can see this, in words: a community, or any item with `visibility_sentence`."""
    return {"sentence": item.visibility_sentence}
