from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.models import Community
from events import ical
from events.models import Event

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
            _(
                "You have new feed addresses. The old ones have stopped working: update your "
                "feed reader."
            ),
        )
    else:
        messages.success(
            request, _("Your feed addresses are ready. Copy them into your feed reader.")
        )
    return redirect("feeds:settings")


@require_POST
def revoke(request):
    services.token_revoke(user=request.user)
    messages.success(request, _("Feeds are off. Every feed address you used now stops working."))
    return redirect("feeds:settings")


CALENDAR_PAST_DAYS = 90
CALENDAR_MAX_EVENTS = 500


@login_not_required
def events(request, token, slug):
    """A community's calendar for calendar apps. Calendar apps cannot sign in, so the address
    carries the member's feed token; every fetch looks the member up again and reads through
    the visibility rule (the events switch included), so a revoked token, a suspended account,
    leaving a private community or switching events off stops the feed at once (404)."""
    user = services.user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    community = Community.objects.visible_to(user, feature="events").filter(slug=slug).first()
    if community is None:
        raise Http404("No such calendar.")
    since = timezone.now() - timedelta(days=CALENDAR_PAST_DAYS)
    found = list(
        Event.objects.visible_to(user)
        .in_community(community)
        .filter(ends_at__gte=since)
        .order_by("starts_at", "pk")[:CALENDAR_MAX_EVENTS]
    )
    for event in found:
        event.community = community
    cal = ical.calendar(found, name=f"{community.name}: events")
    response = ical.ics_response(cal, filename=f"{community.slug}-events.ics", attachment=False)
    response["X-Robots-Tag"] = "noindex"
    return response
