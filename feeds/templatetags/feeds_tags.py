"""Feed addresses on the pages of the features the feeds serve, without those features
importing this app: `{% load feeds_tags %}{% feed_links "forum" slug=community.slug as feed %}`.
The member's token is read once per request, however many blocks ask."""

from django import template
from django.urls import reverse

from feeds.links import feed_links as links_for
from feeds.links import token_for

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_links(context, kind, **kwargs):
    """{"rss": url, "atom": url} of this page's feed for the signed-in member, or {"setup":
    url} if they have no feed address yet."""
    return links_for(context["request"], kind, **kwargs)


@register.simple_tag(takes_context=True)
def calendar_feed_url(context, community):
    """The member's calendar-app address for a community's events, or "" without a token."""
    token = token_for(context["request"])
    if token is None:
        return ""
    return reverse("feeds:events", kwargs={"token": token, "slug": community.slug})
