"""Writes for news feeds: adding and removing feeds, the community's setting, and fetching.

`feed_fetch` never raises: whatever goes wrong (a refused address, a timeout, a huge or broken
feed, a bug) ends as `last_status="error"` with a sentence in `last_error` for the facilitator,
so one bad feed never breaks the page or the worker.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, archived_condition
from communities.querysets import feature_switched_on
from communities.rules import CommunityAccess, refuse
from core import handoff
from core.errors import Invalid
from core.quiet import is_quiet

from .fetching import FetchError, fetch
from .models import NewsFeed, NewsItem, NewsSettings
from .parsing import parse_feed

logger = logging.getLogger(__name__)
MAX_BACKOFF_STEPS = 4  # a failing feed is retried after 2, 4, 8, then every 16 intervals


# --- who may do what -----------------------------------------------------------------------------
def news_settings(community):
    found = NewsSettings.objects.filter(community=community).first()
    return found or NewsSettings(community=community)


def can_add_feed(access, news_settings_=None):
    """Facilitators; members too when the facilitators allow it; never in an archive."""
    if access.refusal("post", feature="news") and access.refusal("manage", feature="news"):
        return False
    if access.can_manage:
        return True
    if not access.can_post:
        return False
    return (news_settings_ or news_settings(access.community)).members_may_add


def can_manage_feeds(access):
    """Fetch now, change the setting, remove any feed: facilitators and site admins."""
    return not access.refusal("manage", feature="news")


def can_remove_feed(access, feed, user):
    if can_manage_feeds(access):
        return True
    return not access.refusal("post", feature="news") and feed.added_by_id == user.pk


# --- feeds ---------------------------------------------------------------------------------------
@transaction.atomic
def feed_add(*, community, user, name, url):
    access = CommunityAccess(user, community)
    if not can_add_feed(access):
        refuse("facilitators_only", community=community.name, doing=_("add news feeds"))
    if NewsFeed.objects.filter(community=community, url=url).exists():
        raise Invalid(_("This community already has that feed."))
    return NewsFeed.objects.create(community=community, added_by=user, name=name, url=url)


@transaction.atomic
def feed_remove(*, feed, user):
    access = CommunityAccess(user, feed.community)
    if not can_remove_feed(access, feed, user):
        raise PermissionDenied(
            _("Only a facilitator or the member who added it can remove a feed.")
        )
    feed.delete()


@transaction.atomic
def settings_update(*, community, user, members_may_add):
    access = CommunityAccess(user, community)
    if not can_manage_feeds(access):
        refuse("facilitators_only", community=community.name, doing=_("change this"))
    NewsSettings.objects.update_or_create(
        community=community, defaults={"members_may_add": members_may_add}
    )


def request_fetch(*, feed, user):
    """A facilitator's "Fetch now": queued after the transaction (inline when eager)."""
    from .tasks import fetch_feed

    access = CommunityAccess(user, feed.community)
    if not can_manage_feeds(access):
        raise PermissionDenied(_("Only facilitators can fetch a feed now."))
    handoff.enqueue(fetch_feed, feed.pk)


# --- fetching ----------------------------------------------------------------------------------
def due_feed_ids(now=None):
    """Feeds to fetch now: in live, open communities with news on; never fetched, or last
    fetched an interval ago (longer for feeds that keep failing)."""
    now = now or timezone.now()
    interval = timedelta(minutes=settings.NEWS_FETCH_INTERVAL_MINUTES)
    slack = timedelta(minutes=1)  # beat fires on the half hour; don't skip a feed by seconds
    feeds = (
        NewsFeed.objects.filter(community__status=Community.Status.APPROVED)  # visibility: a task
        .exclude(archived_condition("community__"))
        .filter(feature_switched_on("news", prefix="community__"))
        .order_by("last_fetched_at", "pk")
    )
    due = []
    for feed in feeds:
        if feed.last_fetched_at is None:
            due.append(feed.pk)
            continue
        wait = interval * (2 ** min(feed.failure_count, MAX_BACKOFF_STEPS))
        if feed.last_fetched_at + wait - slack <= now:
            due.append(feed.pk)
    return due


def _record_error(feed_id, message):
    NewsFeed.objects.filter(pk=feed_id).update(
        last_fetched_at=timezone.now(),
        last_status=NewsFeed.Status.ERROR,
        last_error=message[:1000],
    )
    # failure_count separately, so the update above cannot fail on it.
    feed = NewsFeed.objects.filter(pk=feed_id).first()
    if feed is not None:
        feed.failure_count += 1
        feed.save(update_fields=["failure_count"])


@transaction.atomic
def _store(feed_id, result, items):
    feed = NewsFeed.objects.select_for_update().filter(pk=feed_id).first()
    if feed is None:  # removed while we were fetching
        return None
    keep = settings.NEWS_MAX_ITEMS_PER_FEED
    items = items[:keep]
    existing = {item.guid: item for item in feed.items.filter(guid__in=[i.guid for i in items])}
    new, changed = [], []
    for parsed in items:
        current = existing.get(parsed.guid)
        if current is None:
            new.append(
                NewsItem(
                    feed=feed,
                    community_id=feed.community_id,
                    guid=parsed.guid,
                    title=parsed.title,
                    link=parsed.link,
                    summary=parsed.summary,
                    published_at=parsed.published_at,
                )
            )
        elif (current.title, current.link, current.summary) != (
            parsed.title,
            parsed.link,
            parsed.summary,
        ):
            current.title, current.link, current.summary = parsed.title, parsed.link, parsed.summary
            changed.append(current)
    NewsItem.objects.bulk_create(new)
    if changed:
        NewsItem.objects.bulk_update(changed, ["title", "link", "summary"])
    stale = feed.items.order_by("-published_at", "-pk").values_list("pk", flat=True)[keep:]
    NewsItem.objects.filter(pk__in=list(stale)).delete()
    feed.etag, feed.last_modified = result.etag, result.last_modified
    feed.item_count = feed.items.count()
    feed.last_fetched_at = timezone.now()
    feed.last_status, feed.last_error, feed.failure_count = NewsFeed.Status.OK, "", 0
    feed.save()
    return feed


def feed_fetch(*, feed_id):
    """Fetch one feed and store its newest items. Never raises; returns the outcome in words.
    Inside `core.quiet.quiet()` (loading the demo data) it does not go to the network."""
    if is_quiet():
        return "not fetched (quiet)"
    feed = NewsFeed.objects.filter(pk=feed_id).select_related("community").first()
    if feed is None:
        return "gone"
    try:
        result = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if result.status == 304:
            NewsFeed.objects.filter(pk=feed.pk).update(
                last_fetched_at=timezone.now(),
                last_status=NewsFeed.Status.OK,
                last_error="",
                failure_count=0,
            )
            return "not modified"
        items = parse_feed(result.body, url=result.url, content_type=result.content_type)
        _store(feed.pk, result, items)
        return f"{len(items)} items"
    except FetchError as error:
        message = str(error)
    except Exception:  # a bug or a parser crash must not break the worker or the page
        logger.exception("Unexpected error fetching news feed %s", feed.pk)
        message = _("something unexpected went wrong while reading the feed.")
    _record_error(feed.pk, message)
    return f"error: {message}"
