"""Processing a stored email in the worker. The row is the record: a run that fails leaves it
"received" with the error, and the retry (or `manage.py receive_mail --process-pending`) takes
it again; `services.process` does nothing to a row already decided."""

import logging

from celery import shared_task

from core.delivery import retry_countdown

from . import services

log = logging.getLogger(__name__)

MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES)
def process_message(self, message_pk):
    try:
        services.process(message_pk)
    except Exception as error:
        final = self.request.is_eager or self.request.retries >= MAX_RETRIES
        services.record_error(message_pk, error, final=final)
        log.exception("processing inbound message %s failed", message_pk)
        if final:
            return None
        # Capped below the broker's visibility timeout, as every retry here is.
        raise self.retry(countdown=retry_countdown(self.request.retries)) from error
    return message_pk
