"""Demo news feeds for `make run`, with items already in place. The facilitator adds each feed
through the service; its items are stored the way a fetch stores what it read
(`services._store`), from items written here: the demo never goes to the network (these
example.org addresses would simply be recorded as errors; inside core.quiet `feed_fetch` does
not fetch). Dated by the story (core.storytime). Idempotent: a feed that exists is left alone."""

from datetime import timedelta

from django.utils import timezone

from core.storytime import at, backdate

from .fetching import FetchResult
from .models import NewsFeed
from .parsing import ParsedItem
from .services import _store, feed_add

ADDED_DAYS_AGO = 40
FEEDS = [
    (
        "LG New media",
        "https://lgnewmedia.example.org/feed.xml",
        [
            ("Councils open up their data", "Three councils publish spending data as CSV.", 2),
            (
                "Blogging for chief executives",
                "<p>Why two chief executives started blogging.</p>",
                9,
            ),
        ],
    ),
    (
        "Anecdote",
        "https://anecdote.example.org/rss",
        [
            (
                "Stories make knowledge stick",
                "<p>Using anecdotes in communities of practice.</p>",
                5,
            ),
            ("Three questions for new facilitators", "<p>What to ask in week one.</p>", 30),
        ],
    ),
]


def seed(ctx):
    users = ctx["users"]
    community = ctx.get("communities", {}).get("facilitators")
    if community is None:
        return
    now = timezone.now()
    added = now - timedelta(days=ADDED_DAYS_AGO)
    for name, url, items in FEEDS:
        if NewsFeed.objects.filter(community=community, url=url).exists():
            continue
        with at(added):
            feed = feed_add(community=community, user=users["facilitator"], name=name, url=url)
        backdate(feed, added)
        parsed = [
            ParsedItem(
                guid=f"demo:{name}:{title}",
                title=title,
                link=f"{url.rsplit('/', 1)[0]}/{title.lower().replace(' ', '-')}",
                summary=summary if summary.startswith("<") else f"<p>{summary}</p>",
                published_at=now - timedelta(hours=hours_ago),
            )
            for title, summary, hours_ago in items
        ]
        _store(feed.pk, FetchResult(status=200, body=b"", url=url), parsed)
        for item in feed.items.all():
            backdate(item, item.published_at)
        newest = max(item.published_at for item in parsed)
        backdate(feed, newest, "last_fetched_at", created=False)
