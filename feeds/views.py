from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from communities.models import Community

from . import services
from .feeds import CommunityBlogFeed, ForumFeed, TopicFeed, UserBlogFeed, atom
from .models import FeedToken

FEEDS = {
    name: {"rss": feed_class(), "atom": atom(feed_class)()}
    for name, feed_class in {
        "forum": ForumFeed,
        "topic": TopicFeed,
        "community_blog": CommunityBlogFeed,
        "user_blog": UserBlogFeed,
    }.items()
}


def _serve(name):
    """A feed view: anonymous (feed readers cannot sign in) but only with a valid token."""

    @login_not_required
    def view(request, token, fmt, **kwargs):
        user = services.user_for_token(token)
        if user is None or fmt not in FEEDS[name]:
            raise Http404("No such feed.")
        # The feed is read as the token's member, whoever fetches it (a feed reader has no
        # session): everything downstream, and the canary tests, see that member.
        request.user = request.feed_user = user
        return FEEDS[name][fmt](request, **kwargs)

    view.__name__ = f"{name}_feed"
    return view


forum = _serve("forum")
topic = _serve("topic")
community_blog = _serve("community_blog")
user_blog = _serve("user_blog")


def settings_page(request):
    """ "Your feed address": create, see, regenerate or turn off your feed token."""
    token = FeedToken.objects.filter(user=request.user).first()
    communities = (
        Community.objects.visible_to(request.user)
        .filter(memberships__user=request.user)
        .order_by("name")
    )
    return render(
        request,
        "feeds/settings.html",
        {"token": token, "communities": communities},
    )


@require_POST
def regenerate(request):
    had_one = FeedToken.objects.filter(user=request.user).exists()
    services.token_create_or_regenerate(user=request.user)
    if had_one:
        messages.success(
            request,
            "You have new feed addresses. The old ones have stopped working: update your "
            "feed reader.",
        )
    else:
        messages.success(request, "Your feed addresses are ready. Copy them into your feed reader.")
    return redirect("feeds:settings")


@require_POST
def revoke(request):
    services.token_revoke(user=request.user)
    messages.success(request, "Feeds are off. Every feed address you used now stops working.")
    return redirect("feeds:settings")
