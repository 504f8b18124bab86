import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from .delivery import (
    TRANSIENT_ERRORS,
    email_refused,
    email_undelivered,
    message_id,
    message_refused,
    refusals,
    retry_countdown,
    retry_window_over,
)
from .email import send_templated_email

log = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_email(self, *, to, template, context, headers=None, since=None):
    """Send one templated email, retrying with backoff for EMAIL_RETRY_HOURS (core/delivery.py).

    The retry schedule travels in the task (`since`, the first attempt, and Celery's retry
    count), so it survives worker restarts; the Message-ID is derived from the task id, which
    retries and redeliveries keep, so a message sent twice is recognisably one message."""
    since = since or timezone.now().isoformat()
    headers = {"Message-ID": message_id("email", self.request.id), **(headers or {})}
    try:
        return send_templated_email(to=to, template=template, context=context, headers=headers)
    except TRANSIENT_ERRORS as error:
        refused = refusals(error)
        whole = message_refused(error)
        if whole:
            refused = {address: whole for address in to}
        if refused:
            for address, (code, message) in refused.items():
                email_refused.send(sender=send_email, address=address, code=code, message=message)
            log.warning("email %s refused for %s: %s", template, sorted(refused), error)
            return 0
        if self.request.is_eager:
            raise  # inline (development) there is no queue to wait in
        if retry_window_over(since):
            for address in to:
                email_undelivered.send(sender=send_email, address=address, message=str(error))
            log.error("email %s to %s given up after the retry window: %s", template, to, error)
            return 0
        raise self.retry(
            exc=error,
            countdown=retry_countdown(self.request.retries),
            kwargs={
                "to": to,
                "template": template,
                "context": context,
                "headers": headers,
                "since": since,
            },
        ) from error


BEAT_TICK_KEY = "core:beat-tick"
TICK_TASK = "core.tasks.beat_tick"


@shared_task(name=TICK_TASK)
def beat_tick():
    """Scheduled by beat (cop_platform/celery.py): the time it ran is the health page's evidence
    that beat is scheduling and a worker is running what it schedules (core/health_page.py)."""
    cache.set(BEAT_TICK_KEY, timezone.now().timestamp(), timeout=None)
