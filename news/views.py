"""News pages: the items ("News feeds" tab) and the feeds with how their last fetch went.
Nothing here fetches from the internet: beat does, or a facilitator's "Fetch now" (queued)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.views import community_view
from core.errors import Invalid, NotAllowed

from . import services
from .forms import FeedFilterForm, FeedForm, NewsSettingsForm
from .models import NewsFeed, NewsItem

PAGE_SIZE = 20


# The community's visibility rule, then the feature: no news, no pages (404).
news_view = community_view("view", feature="news")


def _why_not(access):
    return access.refusal("manage")


def _feeds(request, community):
    return list(NewsFeed.objects.visible_to(request.user).in_community(community))


def _context(request, community, access, feeds, **extra):
    settings_ = services.news_settings(community)
    return {
        "community": community,
        "access": access,
        "active_tab": "news",
        "feeds": feeds,
        "news_settings": settings_,
        "can_add": services.can_add_feed(access, settings_),
        "can_manage": services.can_manage_feeds(access),
        **extra,
    }


@news_view
def index(request, community, access):
    feeds = _feeds(request, community)
    form = FeedFilterForm(request.GET or None, feeds=feeds)
    selected = form.cleaned_data.get("feed") if form.is_valid() else None
    items = (
        NewsItem.objects.visible_to(request.user)
        .in_community(community)
        .order_by("-published_at", "-pk")
    )
    if selected:
        items = items.filter(feed_id=selected)
    page_obj = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = {feed.pk: feed for feed in feeds}
    for item in page_obj.object_list:
        item.feed = by_id.get(item.feed_id)
    return render(
        request,
        "news/index.html",
        _context(
            request,
            community,
            access,
            feeds,
            filter_form=form,
            selected=by_id.get(selected),
            page_obj=page_obj,
            query_string=f"feed={selected}" if selected else "",
            add_form=FeedForm(),
        ),
    )


@news_view
def feeds(request, community, access):
    """The feeds, each with its last fetch ("last fetched …", "error: …"); add a feed (POST)."""
    feeds_ = _feeds(request, community)
    context = _context(request, community, access, feeds_)
    form = FeedForm(request.POST or None)
    if request.method == "POST":
        if not context["can_add"]:
            raise NotAllowed(_why_not(access))
        if form.is_valid():
            try:
                feed = services.feed_add(
                    community=community, user=request.user, **form.cleaned_data
                )
            except Invalid as error:
                form.add_error("url", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "“%(feed)s” has been added. Its items appear after the next fetch (every "
                        "30 minutes)."
                    )
                    % {"feed": feed.name},
                )
                return redirect("news:feeds", slug=community.slug)
    for feed in feeds_:
        feed.community = community
        feed.removable = services.can_remove_feed(access, feed, request.user)
    context.update(
        add_form=form,
        settings_form=NewsSettingsForm(
            initial={"members_may_add": context["news_settings"].members_may_add}
        ),
    )
    return render(request, "news/feeds.html", context, status=200)


def _feed_or_404(request, community, pk):
    feed = NewsFeed.objects.visible_to(request.user).in_community(community).filter(pk=pk).first()
    if feed is None:
        raise Http404("No such feed.")
    feed.community = community
    return feed


@require_POST
@news_view
def fetch_now(request, community, access, pk):
    feed = _feed_or_404(request, community, pk)
    if not services.can_manage_feeds(access):
        raise NotAllowed(_why_not(access))
    services.request_fetch(feed=feed, user=request.user)
    messages.success(
        request,
        _("“%(feed)s” is being fetched. Its status below shows how it went.") % {"feed": feed.name},
    )
    return redirect("news:feeds", slug=community.slug)


@news_view
def remove(request, community, access, pk):
    feed = _feed_or_404(request, community, pk)
    if not services.can_remove_feed(access, feed, request.user):
        raise NotAllowed(_why_not(access))
    if request.method == "POST":
        services.feed_remove(feed=feed, user=request.user)
        messages.success(
            request, _("“%(feed)s” and its items have been removed.") % {"feed": feed.name}
        )
        return redirect("news:feeds", slug=community.slug)
    return render(
        request,
        "news/remove.html",
        {"community": community, "access": access, "active_tab": "news", "feed": feed},
    )


@require_POST
@news_view
def settings_change(request, community, access):
    if not services.can_manage_feeds(access):
        raise NotAllowed(_why_not(access))
    form = NewsSettingsForm(request.POST)
    form.is_valid()  # a checkbox: always valid
    services.settings_update(
        community=community,
        user=request.user,
        members_may_add=form.cleaned_data.get("members_may_add", False),
    )
    messages.success(request, _("The news feed setting has been saved."))
    return redirect("news:feeds", slug=community.slug)
