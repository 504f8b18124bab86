"""Feed addresses for a member, for the "RSS feed" links on forum, topic and blog pages."""

from django.urls import reverse

from .models import FeedToken

ROUTES = {
    "forum": "feeds:forum",
    "topic": "feeds:topic",
    "community_blog": "feeds:community_blog",
    "user_blog": "feeds:user_blog",
}


def token_for(request):
    """The signed-in member's feed token, or None; read once per request."""
    if not hasattr(request, "_feed_token"):
        user = request.user
        request._feed_token = (
            FeedToken.objects.filter(user=user).values_list("token", flat=True).first()
            if user.is_authenticated
            else None
        )
    return request._feed_token


def feed_links(request, kind, **kwargs):
    """{"rss": url, "atom": url} for this member, or {"setup": url} if they have no token yet."""
    token = token_for(request)
    if token is None:
        return {"setup": reverse("feeds:settings")}
    return {
        fmt: reverse(ROUTES[kind], kwargs={"token": token, "fmt": fmt, **kwargs})
        for fmt in ("rss", "atom")
    }
