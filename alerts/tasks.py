"""Celery tasks: they take ids and plain values, fetch, and call the code in digests/immediate.

All are acks_late (the global setting, repeated here because it matters): a worker killed mid-run
leaves its message unacknowledged, the broker redelivers it, and the exactly-once records make the
rerun send only what was not sent. The senders are routed to the `email` queue (settings).
"""

import smtplib

from celery import shared_task

from . import digests, immediate

RETRY = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OSError, smtplib.SMTPException),
    "retry_backoff": True,
    "max_retries": 8,
}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digests(kind, period_start=None):
    """Beat entry point. `period_start` (an ISO date) re-runs a given period; by default the
    period that just ended. Queues the recipients in batches and returns how many it queued."""
    if period_start:
        start, end = digests.period_starting(kind, digests.parse_day(period_start))
    else:
        start, end = digests.latest_period(kind)
    user_ids = digests.recipients(kind, start, end)
    size = digests.batch_size()
    for i in range(0, len(user_ids), size):
        send_digest_batch.delay(kind, start.isoformat(), end.isoformat(), user_ids[i : i + size])
    return len(user_ids)


@shared_task(**RETRY)
def send_digest_batch(kind, period_start, period_end, user_ids):
    from datetime import datetime

    start = datetime.fromisoformat(period_start)
    end = datetime.fromisoformat(period_end)
    return digests.send_batch(kind, start, end, user_ids)


@shared_task(**RETRY)
def send_immediate_alerts(activity_id):
    return immediate.send_for(activity_id)
