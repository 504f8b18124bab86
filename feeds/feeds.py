"""RSS 2.0 and Atom feeds (django.contrib.syndication) for forums, topics and blogs.

Every feed address carries the reader's secret token (feeds.models.FeedToken), because the whole
site needs signing in and feed readers cannot. The token stands for its member: each fetch looks
the member up again and reads everything through the same visibility rule as the pages, so
leaving a private community, a revoked token or a suspended account stops the feed at once
(404, no content).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from blogs.models import BlogEntry
from communities.models import Community
from core.text import strip_control_chars_deep
from forums.models import Post, Topic
from richtext.sanitise import sanitise_html

ITEMS = 30


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


class ControlCharsStripped:
    """A feed type that drops control characters from every value it is given: XML 1.0 cannot
    carry them, and one stored in a title (by any path) must not stop the whole feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*strip_control_chars_deep(args), **strip_control_chars_deep(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*strip_control_chars_deep(args), **strip_control_chars_deep(kwargs))


class RssFeed(ControlCharsStripped, Rss201rev2Feed):
    pass


class AtomFeed(ControlCharsStripped, Atom1Feed):
    pass


class TokenFeed(Feed):
    """Base: the viewer is `request.feed_user`, set by views.py after checking the token; each
    get_object copies it onto the (per-request) object, since Feed instances are shared."""

    feed_type = RssFeed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def item_description(self, item):
        return sanitise_html(item.body)

    def item_author_name(self, item):
        return item.author.display_name

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return getattr(item, "edited_at", None) or item.created

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True


def _community(request, slug, feature):
    community = (
        Community.objects.visible_to(request.feed_user, feature=feature)
        .with_ancestors()
        .filter(slug=slug)
        .first()
    )
    if community is None:
        raise Http404
    community.feed_viewer = request.feed_user
    return community


class ForumFeed(TokenFeed):
    """New topics in a community's forum."""

    def get_object(self, request, slug):
        return _community(request, slug, "forum")

    def title(self, community):
        return _("%(community)s: forum") % {"community": community.name}

    def description(self, community):
        return _("New topics in the forum of %(community)s.") % {"community": community.name}

    def link(self, community):
        return absolute(reverse("forums:index", kwargs={"slug": community.slug}))

    def items(self, community):
        topics = (
            Topic.objects.visible_to(community.feed_viewer)
            .in_community(community)
            .live()
            .select_related("author", "opening_post")
            .order_by("-created")[:ITEMS]
        )
        for topic in topics:
            topic.community = community
        return topics

    def item_title(self, topic):
        return topic.title

    def item_description(self, topic):
        return sanitise_html(topic.opening_post.body) if topic.opening_post else ""


class TopicFeed(TokenFeed):
    """Replies in one topic, newest first."""

    def get_object(self, request, slug, pk):
        community = _community(request, slug, "forum")
        topic = get_object_or_404(
            Topic.objects.visible_to(request.feed_user).in_community(community).live(), pk=pk
        )
        topic.community = community
        topic.feed_viewer = request.feed_user
        return topic

    def title(self, topic):
        return _("%(title)s (%(community)s)") % {
            "title": topic.title,
            "community": topic.community.name,
        }

    def description(self, topic):
        return _("Replies to “%(title)s” in %(community)s.") % {
            "title": topic.title,
            "community": topic.community.name,
        }

    def link(self, topic):
        return absolute(topic.get_absolute_url())

    def items(self, topic):
        posts = (
            Post.objects.visible_to(topic.feed_viewer)
            .filter(topic=topic, is_opening=False, removed_at__isnull=True)
            .select_related("author")
            .order_by("-created")[:ITEMS]
        )
        for post in posts:
            post.topic, post.community = topic, topic.community
        return posts

    def item_title(self, post):
        return _("%(author)s replied to “%(title)s”") % {
            "author": post.author.display_name,
            "title": post.topic.title,
        }


class CommunityBlogFeed(TokenFeed):
    """Blog entries published into a community."""

    def get_object(self, request, slug):
        return _community(request, slug, "blogs")

    def title(self, community):
        return _("%(community)s: blog entries") % {"community": community.name}

    def description(self, community):
        return _("Blog entries published in %(community)s.") % {"community": community.name}

    def link(self, community):
        return absolute(reverse("blogs:community", kwargs={"slug": community.slug}))

    def items(self, community):
        return (
            BlogEntry.objects.visible_to(community.feed_viewer)
            .live()
            .published_in(community)
            .select_related("author")
            .order_by("-created")[:ITEMS]
        )

    def item_title(self, entry):
        return entry.title


class UserBlogFeed(TokenFeed):
    """One member's blog, as the reader may see it."""

    def get_object(self, request, username):
        from django.contrib.auth import get_user_model

        author = get_object_or_404(get_user_model(), username=username, is_active=True)
        author.feed_viewer = request.feed_user
        return author

    def title(self, author):
        return _("%(author)s's blog") % {"author": author.display_name}

    def description(self, author):
        return _("Blog entries by %(author)s.") % {"author": author.display_name}

    def link(self, author):
        return absolute(reverse("blogs:user", kwargs={"username": author.username}))

    def items(self, author):
        return (
            BlogEntry.objects.visible_to(author.feed_viewer)
            .live()
            .filter(author=author)
            .select_related("author")
            .order_by("-created")[:ITEMS]
        )

    def item_title(self, entry):
        return entry.title


def atom(feed_class):
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": AtomFeed})
