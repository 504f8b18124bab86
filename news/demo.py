"""Demo news feeds for `make run`, with items already in place: the demo never goes to the
network (fetching happens only from Celery beat or a facilitator's "Fetch now"; these example.org
addresses would simply be recorded as errors). Idempotent."""

from datetime import timedelta

from django.utils import timezone

from .models import NewsFeed, NewsItem

NOTE = "Items loaded from demo data; this example address is not fetched."
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
    for name, url, items in FEEDS:
        feed, _ = NewsFeed.objects.get_or_create(
            community=community,
            url=url,
            defaults={
                "name": name,
                "added_by": users["facilitator"],
                "last_status": NewsFeed.Status.OK,
                "last_error": NOTE,
                "last_fetched_at": now,
            },
        )
        for title, summary, hours_ago in items:
            NewsItem.objects.get_or_create(
                feed=feed,
                guid=f"demo:{name}:{title}",
                defaults={
                    "community": community,
                    "title": title,
                    "link": f"{url.rsplit('/', 1)[0]}/{title.lower().replace(' ', '-')}",
                    "summary": summary if summary.startswith("<") else f"<p>{summary}</p>",
                    "published_at": now - timedelta(hours=hours_ago),
                },
            )
        NewsFeed.objects.filter(pk=feed.pk).update(item_count=feed.items.count())
