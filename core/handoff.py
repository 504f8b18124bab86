"""Durable hand-off of background work: the transactional outbox.

Work that must follow a committed change (alerts, mention notices, search indexing, email) is
recorded by `enqueue(task, *args, **kwargs)` as a `core.OutboxTask` row in the same database
transaction as the change, so it exists exactly when the change does: a rolled-back action
queues nothing, and a committed one cannot lose its work because the broker was down.

After the commit the row is handed to the broker at once (`hand_off`). That is best effort: a
broker error is logged and recorded on the row, never raised, so a member's saved post never
ends in an error page. The relay (`relay`, run every few seconds by beat through
`core.relay.relay_outbox`, and by `manage.py relay_outbox`) hands over every row still unsent,
oldest first, once the broker is back.

A row is marked sent after the broker accepted it. A crash between the two sends it again, so
every task handed over this way must be idempotent (they all are: each takes ids, and sends or
writes at most once per (recipient, action) or upserts).

With eager tasks (`make run`, the SQLite tests) the task runs right after the commit, in the
same process, and its errors propagate as they always did.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from .models import OutboxTask

log = logging.getLogger(__name__)

# What publishing raises when the broker cannot be reached: the relay stops its pass there, as
# every other row would fail the same way.
BROKER_ERRORS = (BrokerOperationalError, ConnectionError, OSError, TimeoutError)

# Sent rows are kept this long (for the admin and for tracing), then pruned by the relay.
KEEP_SENT = timedelta(days=7)
BATCH_SIZE = 100


def enqueue(task, *args, **kwargs):
    """Record `task(*args, **kwargs)` in the current transaction; hand it to Celery after the
    commit. Arguments must be what the broker carries (ids, strings, numbers, dates)."""
    return enqueue_many(task, [(args, kwargs)])[0]


def enqueue_many(task, calls):
    """`enqueue` for many calls of one task, `calls` being (args, kwargs) pairs: one INSERT and
    one hand-off, so telling 60 people costs what telling 3 does."""
    rows = [OutboxTask(task_name=task.name, args=list(a), kwargs=dict(k)) for a, k in calls]
    if not rows:
        return []
    if len(rows) > 1 and connection.features.can_return_rows_from_bulk_insert:
        OutboxTask.objects.bulk_create(rows)
    else:
        for row in rows:
            row.save(force_insert=True)
    transaction.on_commit(lambda: hand_off(task, rows))
    return rows


def _eager(task):
    return task.app.conf.task_always_eager


def hand_off(task, rows):
    """Right after the commit: publish the rows' tasks (or, eager, run them) and mark them sent.
    Best effort: an error is logged and recorded on the rows left, never raised."""
    if _eager(task):
        for row in rows:
            task.apply_async(args=row.args, kwargs=row.kwargs)
        _mark_sent([row.pk for row in rows])
        return
    pks = [row.pk for row in rows]
    error = None
    try:
        with transaction.atomic():
            # Skip rows the relay holds: they are being sent right now.
            locked = list(
                OutboxTask.objects.select_for_update(skip_locked=True)
                .filter(pk__in=pks, sent_at__isnull=True)
                .order_by("pk")
            )
            sent = []
            for row in locked:
                try:
                    _publish(row)
                except Exception as exc:  # the broker is down: the rest would fail the same way
                    error = exc
                    break
                sent.append(row.pk)
            _mark_sent(sent)
            if error is not None:
                _record_failure([row.pk for row in locked if row.pk not in sent], error)
    except Exception as exc:  # the database itself: the rows are committed and wait, unsent
        error = exc
    if error is not None:
        log.warning("Task %s (outbox rows %s) left for the relay: %r", task.name, pks, error)


def _publish(row):
    task = current_app.tasks[row.task_name]
    if _eager(task):
        with transaction.atomic():  # a failing task rolls back its own writes only
            task.apply_async(args=row.args, kwargs=row.kwargs)
    else:
        # No publish retries: a broker that is down fails fast, and the relay tries again.
        task.apply_async(args=row.args, kwargs=row.kwargs, retry=False)


def _mark_sent(pks):
    if pks:
        OutboxTask.objects.filter(pk__in=pks).update(
            sent_at=timezone.now(), attempts=F("attempts") + 1
        )


def _record_failure(pks, error):
    try:
        OutboxTask.objects.filter(pk__in=pks).update(
            attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
    except Exception:  # the database may be what failed; the row is still there, unsent
        log.exception("Could not record the hand-off failure of outbox rows %s", pks)


@dataclass
class RelayResult:
    sent: int = 0
    failed: int = 0
    broker_error: str = ""

    @property
    def broker_down(self):
        return bool(self.broker_error)


def relay(*, batch_size=BATCH_SIZE):
    """Hand every unsent row to the broker, oldest first, in batches.

    Rows are locked (`SKIP LOCKED`) while they are sent, so two relays, or a relay and a
    hand-off, never send the same row at once. A broker error ends the pass (`broker_error`);
    any other error (a task no longer registered) is recorded on its row and the pass goes on.
    """
    result = RelayResult()
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                OutboxTask.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, pk__gt=last_pk)
                .order_by("pk")[:batch_size]
            )
            if not rows:
                return result
            sent = []
            for row in rows:
                last_pk = row.pk
                try:
                    _publish(row)
                except BROKER_ERRORS as error:
                    _mark_sent(sent)
                    result.sent += len(sent)
                    result.failed += 1
                    result.broker_error = f"{type(error).__name__}: {error}"
                    _record_failure([row.pk], error)
                    return result
                except Exception as error:
                    log.exception("Outbox row %s (%s) could not be handed over", row.pk, row)
                    result.failed += 1
                    _record_failure([row.pk], error)
                else:
                    sent.append(row.pk)
            _mark_sent(sent)
            result.sent += len(sent)


def unsent():
    return OutboxTask.objects.filter(sent_at__isnull=True)


def prune(*, keep=KEEP_SENT):
    """Delete rows sent and older than `keep`; unsent rows are never pruned."""
    cutoff = timezone.now() - keep
    deleted, _ = OutboxTask.objects.filter(created__lt=cutoff, sent_at__isnull=False).delete()
    return deleted
