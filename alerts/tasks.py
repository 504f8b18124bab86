"""Celery tasks: they take ids and plain values, fetch, and call the code in digests/immediate.

All are acks_late (the global setting, repeated here because it matters): a worker killed mid-run
leaves its message unacknowledged, the broker redelivers it once the visibility timeout has
passed, and the claims (alerts.delivery) make the rerun send only what was not sent. The senders
are routed to the `email` queue (settings).

When the mail server cannot take a message, a sender retries the people not yet sent with
capped exponential backoff (core.delivery.retry_countdown) until EMAIL_RETRY_HOURS after its first
attempt (`since`, carried in the task with the retry count, so it survives worker restarts),
and then records them as not delivered: nothing is given up silently. People whose row another
sender claimed moments ago are looked at again once that claim could have gone stale.
"""

import logging
from datetime import datetime

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from core.delivery import retry_countdown, retry_window_over

from . import digests, immediate

log = logging.getLogger(__name__)

SENDER = {"bind": True, "acks_late": True, "reject_on_worker_lost": True, "max_retries": None}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_digests(kind, period_start=None):
    """Beat entry point. By default: the period that just ended, and the catch-up pass over the
    ALERTS_DIGEST_CATCH_UP_PERIODS - 1 periods before it. `period_start` (an ISO date) runs one
    given period again (operations). Queues the recipients in batches; returns how many."""
    if period_start:
        periods = [digests.period_starting(kind, digests.parse_day(period_start))]
        catching_up = False
    else:
        periods = digests.recent_periods(kind, settings.ALERTS_DIGEST_CATCH_UP_PERIODS)
        catching_up = True
    since = timezone.now().isoformat()
    size = digests.batch_size()
    queued = 0
    for n, (start, end) in enumerate(periods):
        # An older period counts the subscriptions made before the period after it ended.
        before = periods[n - 1][1] if catching_up and n else None
        user_ids = digests.recipients(kind, start, end, subscribed_before=before)
        if n and user_ids:
            log.warning("catching up %d %s digests from %s", len(user_ids), kind, start.date())
        for i in range(0, len(user_ids), size):
            send_digest_batch.delay(
                kind, start.isoformat(), end.isoformat(), user_ids[i : i + size], since=since
            )
        queued += len(user_ids)
    return queued


def retry_or_give_up(task, outcome, args, since, give_up):
    """Retry the people an outcome left (`args` + their ids), or record them once the retry
    window is over. Returns the outcome's count when nothing is left to do."""
    if outcome.unsent:
        if task.request.is_eager:
            raise outcome.error  # inline (development) there is no queue to wait in
        if retry_window_over(since):
            give_up(outcome.unsent, outcome.error)
            log.error("gave up on %d emails: %s", len(outcome.unsent), outcome.error)
        else:
            log.warning("mail server failed (%s): retrying %d", outcome.error, len(outcome.unsent))
            raise task.retry(
                args=[*args, sorted({*outcome.unsent, *outcome.waiting})],
                kwargs={"since": since},
                countdown=retry_countdown(task.request.retries),
            )
    if outcome.waiting and not task.request.is_eager:
        raise task.retry(
            args=[*args, outcome.waiting],
            kwargs={"since": since},
            countdown=min(settings.EMAIL_CLAIM_TIMEOUT, settings.EMAIL_RETRY_BACKOFF_MAX),
        )
    return outcome.sent


@shared_task(**SENDER)
def send_digest_batch(self, kind, period_start, period_end, user_ids, since=None):
    since = since or timezone.now().isoformat()
    start = datetime.fromisoformat(period_start)
    end = datetime.fromisoformat(period_end)
    try:
        outcome = digests.deliver_batch(kind, start, end, user_ids)
    except SoftTimeLimitExceeded:
        # A long batch stops at the soft time limit and goes on in a fresh task; those sent so
        # far are skipped there, and one claim cut short is taken over once it is stale.
        raise self.retry(kwargs={"since": since}, countdown=0) from None
    return retry_or_give_up(
        self,
        outcome,
        [kind, period_start, period_end],
        since,
        lambda ids, error: digests.give_up(kind, start, end, ids, error),
    )


@shared_task(**SENDER)
def send_immediate_alerts(self, activity_id, user_ids=None, since=None):
    """The immediate alerts about one action; a retry names the people still to be sent."""
    since = since or timezone.now().isoformat()
    try:
        outcome = immediate.deliver(activity_id, only=user_ids)
    except SoftTimeLimitExceeded:
        raise self.retry(kwargs={"since": since}, countdown=0) from None
    return retry_or_give_up(
        self,
        outcome,
        [activity_id],
        since,
        lambda ids, error: immediate.give_up(activity_id, ids, error),
    )
