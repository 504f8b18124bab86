"""The outbox relay task (core/handoff.py). Beat runs it every few seconds (cop_platform/celery.py):
it hands every unsent outbox row to the broker, so work recorded while the broker was down (or
whose hand-off failed) is queued once the broker is back, and prunes old sent rows."""

from celery import shared_task

from . import handoff


@shared_task(ignore_result=True)
def relay_outbox():
    result = handoff.relay()
    handoff.prune()
    return result.sent
