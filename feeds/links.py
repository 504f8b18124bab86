"""Feed addresses for a member, for the "RSS feed" links on forum, topic and blog pages."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from .models import FeedToken

log = logging.getLogger(__name__)

ROUTES = {
    "forum": "feeds:forum",
    "topic": "feeds:topic",
    "community_blog": "feeds:community_blog",
    "user_blog": "feeds:user_blog",
}


def cache_key(user_pk):
    return f"feeds:token:{user_pk}"


def token_for(request):
    """The signed-in member's feed token, or None: read once per request, and kept in the cache
    between requests (forgotten by the services whenever the token changes), so the feed links on
    every forum and blog page cost no query. A stale copy could only show the member a link of
    their own that no longer works."""
    if not hasattr(request, "_feed_token"):
        user = request.user
        request._feed_token = _stored_token(user.pk) if user.is_authenticated else None
    return request._feed_token


def _stored_token(user_pk):
    key = cache_key(user_pk)
    try:
        held = cache.get(key)
    except Exception:
        log.warning("feeds: cache unavailable", exc_info=True)
        held, key = None, None
    if held is not None:
        return held or None
    token = FeedToken.objects.filter(user_id=user_pk).values_list("token", flat=True).first()
    if key is not None:
        try:
            cache.set(key, token or "", 24 * 60 * 60)
        except Exception:
            log.warning("feeds: cache unavailable", exc_info=True)
    return token


def forget_token(user_pk):
    """Drop the cached copy now and once the change commits."""

    def forget():
        try:
            cache.delete(cache_key(user_pk))
        except Exception:
            log.warning("feeds: cache unavailable", exc_info=True)

    forget()
    transaction.on_commit(forget)


def feed_links(request, kind, **kwargs):
    """{"rss": url, "atom": url} for this member, or {"setup": url} if they have no token yet."""
    token = token_for(request)
    if token is None:
        return {"setup": reverse("feeds:settings")}
    return {
        fmt: reverse(ROUTES[kind], kwargs={"token": token, "fmt": fmt, **kwargs})
        for fmt in ("rss", "atom")
    }
