"""News fetching tasks. Beat (cop_platform/celery.py) runs `fetch_due_feeds` every half hour; it
queues one `fetch_feed` per due feed, by id. Both are idempotent (items are upserted by their
guid) and acks_late, and neither raises: errors are recorded on the feed."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def fetch_due_feeds():
    ids = services.due_feed_ids()
    for feed_id in ids:
        fetch_feed.delay(feed_id)
    return len(ids)


@shared_task(acks_late=True, ignore_result=True)
def fetch_feed(feed_id):
    return services.feed_fetch(feed_id=feed_id)
