"""Exactly-once sending and failure records for alerts and digests.

Each email to one person (a digest: person, kind, period; an immediate alert: person, action)
has one row, SentDigest or SentAlert, and goes through these steps:

1. **claim** — `claim()` inserts the row as "claimed" (with `claimed_at`) in its own committed
   transaction, or takes over a row that is "pending" (a retry) or "claimed" longer ago than
   EMAIL_CLAIM_TIMEOUT (its worker died). Only one sender wins: the database's unique key and
   row lock decide. A row "sent" or "failed", or freshly claimed by another sender, is left.
   `claim_many()` does the same for many rows in one statement (a digest batch); claims the
   batch never got to try are given back with `release()`.
2. **send** with a Message-ID derived from the row's key (`core.delivery.message_id`), the same on
   every attempt.
3. **confirm** — `mark()` records "sent"; a refusal (SMTP 5xx) records "failed" and the
   address's EmailFailure; any other error sets the row back to "pending" for the retry.

The one window left: a worker killed after the server accepted the message and before step 3
committed (one message per connection a sender sends over at once). The claim then times out
and the email is sent again with the same Message-ID. That window is a few milliseconds per
message (the server's "250" reply and one UPDATE) and needs a crash inside it; receiving
servers and mail clients that de-duplicate by Message-ID show one message, and the others show
the same digest twice. Nothing is lost, which is the failure that matters more for alerts and
digests.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection as db
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.delivery import (
    TRANSIENT_ERRORS,
    email_refused,
    email_undelivered,
    message_refused,
    refusals,
    retry_countdown,
    retry_window_over,
)

from .models import Delivery, EmailFailure

log = logging.getLogger(__name__)

# What happened to one claim attempt.
CLAIMED = "claimed"  # ours: send it
DONE = "done"  # sent, or failed for good: nothing to do
BUSY = "busy"  # another sender claimed it moments ago: look again after EMAIL_CLAIM_TIMEOUT


def claim(model, key, values):
    """Claim the row of `model` with unique `key` (a dict of column: value) in its own committed
    transaction. `values` are the other columns for a new row. Returns CLAIMED, DONE or BUSY."""
    [(state, pk)] = claim_many(model, [(key, values)])
    return state, pk


def claim_many(model, rows):
    """Claim many rows of `model` at once: `rows` are (key, values) pairs as for `claim`, every
    key with the same columns, no key twice. One committed INSERT … ON CONFLICT for all of them;
    each row is claimed exactly as `claim` would claim it alone. Returns (state, pk) for each,
    in order (pk None unless CLAIMED)."""
    if not rows:
        return []
    adapt = db.ops.adapt_datetimefield_value
    now = timezone.now()
    stale = now - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT)
    key_names = list(rows[0][0])
    all_columns = []
    for key, values in rows:
        columns = {**key, **values, "status": Delivery.CLAIMED, "claimed_at": now}
        columns.setdefault("attempts", 1)
        columns.setdefault("last_error", "")
        all_columns.append(columns)
    names = list(all_columns[0])
    table = db.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(db.ops.quote_name(name) for name in names)
    one_row = "(" + ", ".join(["%s"] * len(names)) + ")"
    conflict = ", ".join(db.ops.quote_name(name) for name in key_names)
    # Table and column names come from the model; every value is a query parameter.
    sql = (
        f"INSERT INTO {table} ({quoted}) VALUES {', '.join([one_row] * len(rows))} "  # noqa: S608
        f"ON CONFLICT ({conflict}) DO UPDATE SET status = %s, claimed_at = %s, "
        f"attempts = {table}.attempts + 1 "
        f"WHERE {table}.status = %s OR ({table}.status = %s AND {table}.claimed_at < %s) "
        "RETURNING id"
    )
    params = [
        adapt(columns[name]) if isinstance(columns[name], datetime) else columns[name]
        for columns in all_columns
        for name in names
    ]
    params += [Delivery.CLAIMED, adapt(now), Delivery.PENDING, Delivery.CLAIMED, adapt(stale)]
    with transaction.atomic(), db.cursor() as cursor:
        cursor.execute(sql, params)
        claimed = {found[0] for found in cursor.fetchall()}
    if len(rows) == 1 and claimed:
        return [(CLAIMED, claimed.pop())]
    # Which key each claimed id is, and what the others are (read back through the ORM, so the
    # values compare equal to the keys asked for on every database).
    found = {
        tuple(values): (pk, status)
        for pk, *values, status in model.objects.filter(
            _any_of([key for key, _ in rows])
        ).values_list("pk", *key_names, "status")
    }
    states = []
    for key, _ in rows:
        pk, status = found.get(tuple(key[name] for name in key_names), (None, None))
        if pk in claimed:
            states.append((CLAIMED, pk))
        else:
            states.append(((BUSY if status == Delivery.CLAIMED else DONE), None))
    return states


def _any_of(keys):
    """A filter matching any of `keys` (dicts with the same columns). When all but one column
    have the same value in every key (a digest batch: one kind and period, many people), it is
    one `IN` on that column: building a condition per key costs more than the claim itself."""
    names = list(keys[0])
    varying = [name for name in names if len({key[name] for key in keys}) > 1]
    if len(varying) <= 1:
        same = {name: keys[0][name] for name in names if name not in varying}
        if varying:
            same[f"{varying[0]}__in"] = [key[varying[0]] for key in keys]
        return Q(**same)
    either = Q()
    for key in keys:
        either |= Q(**key)
    return either


def release(model, pks):
    """Give back claims never tried (the batch stopped before their turn): "pending" again, as
    if not claimed, so the retry or any other sender takes them at once."""
    if pks:
        model.objects.filter(pk__in=pks, status=Delivery.CLAIMED).update(
            status=Delivery.PENDING, attempts=F("attempts") - 1
        )


def mark(model, pk, status, error=""):
    """Record the outcome of a claimed send (committed at once: it is the confirmation). One
    plain UPDATE: a batch confirms every message on its own, right after the server's answer."""
    changes = {"status": status, "last_error": str(error)[:500]}
    if status == Delivery.SENT:
        changes["sent_at"] = db.ops.adapt_datetimefield_value(timezone.now())
    table = db.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{db.ops.quote_name(name)} = %s" for name in changes)
    key = db.ops.quote_name(model._meta.pk.column)
    with db.cursor() as cursor:
        # Table and column names come from the model; every value is a query parameter.
        cursor.execute(
            f"UPDATE {table} SET {assignments} WHERE {key} = %s",  # noqa: S608
            [*changes.values(), pk],
        )


def send_claimed(model, pk, message, user):
    """Send one message whose row this sender has claimed, and record how it went: SENT; FAILED
    for a permanent refusal of the address (recorded for admins, never retried); or PENDING
    with the error, for a transient one the caller retries. Returns (status, error)."""
    try:
        message.send()
    except TRANSIENT_ERRORS as error:
        refused = next(iter(refusals(error).values()), None) or message_refused(error)
        if refused:
            mark(model, pk, Delivery.FAILED, f"{refused[0]} {refused[1]}")
            record_refusal(user.email, *refused, user=user)
            return Delivery.FAILED, None
        mark(model, pk, Delivery.PENDING, error)
        return Delivery.PENDING, error
    mark(model, pk, Delivery.SENT)
    return Delivery.SENT, None


def give_up(model, key, values, error):
    """Record an email never sent because the server did not take it within EMAIL_RETRY_HOURS:
    the row says "failed" (unless another sender got it through meanwhile)."""
    message = f"Gave up after {settings.EMAIL_RETRY_HOURS:g} h: {error}"[:500]
    row, created = model.objects.get_or_create(
        **key, defaults={**values, "status": Delivery.FAILED, "last_error": message}
    )
    if not created and row.status in (Delivery.PENDING, Delivery.CLAIMED):
        model.objects.filter(pk=row.pk, status=row.status).update(
            status=Delivery.FAILED, last_error=message
        )


# --- failure records per address ----------------------------------------------------------------
def flagged(addresses):
    """The addresses among `addresses` (compared in lower case) that alerts and digests skip."""
    wanted = {address.lower() for address in addresses if address}
    return set(
        EmailFailure.objects.filter(address__in=wanted, flagged_at__isnull=False).values_list(
            "address", flat=True
        )
    )


def _failure(address, user=None):
    address = address.lower()
    if user is None:
        user = get_user_model().objects.filter(email__iexact=address).first()
    failure, _ = EmailFailure.objects.get_or_create(address=address, defaults={"user": user})
    return failure


def record_refusal(address, code, message, user=None):
    """The server refused `address` for good (5xx): count it, and flag the address once it has
    been refused EMAIL_BOUNCE_LIMIT times."""
    failure = _failure(address, user)
    now = timezone.now()
    EmailFailure.objects.filter(pk=failure.pk).update(
        refusals=F("refusals") + 1, code=code, message=str(message)[:500], last_at=now
    )
    EmailFailure.objects.filter(
        pk=failure.pk, flagged_at__isnull=True, refusals__gte=settings.EMAIL_BOUNCE_LIMIT
    ).update(flagged_at=now)
    log.warning("email to %s refused (%s %s)", address, code, message)


def record_undelivered(address, message, user=None):
    """An email to `address` was given up on after the retry window (not the address's fault)."""
    failure = _failure(address, user)
    EmailFailure.objects.filter(pk=failure.pk).update(
        undelivered=F("undelivered") + 1,
        code=None,
        message=f"Not delivered: {message}"[:500],
        last_at=timezone.now(),
    )
    log.error("email to %s given up after %s h: %s", address, settings.EMAIL_RETRY_HOURS, message)


def address_confirmed(address):
    """Its owner confirmed the address (again): send to it again, counting from zero."""
    EmailFailure.objects.filter(address=address.lower()).update(flagged_at=None, refusals=0)


def connect_signals():
    """Failures of core.tasks.send_email reach the same records; confirming an address (allauth)
    lifts its flag. Called from AlertsConfig.ready()."""
    from allauth.account.signals import email_confirmed

    def refused(sender, address, code, message, **kwargs):
        record_refusal(address, code, message)

    def undelivered(sender, address, message, **kwargs):
        record_undelivered(address, message)

    def confirmed(sender, email_address, **kwargs):
        address_confirmed(email_address.email)

    email_refused.connect(refused, weak=False, dispatch_uid="alerts_email_refused")
    email_undelivered.connect(undelivered, weak=False, dispatch_uid="alerts_email_undelivered")
    email_confirmed.connect(confirmed, weak=False, dispatch_uid="alerts_email_confirmed")


def send_one(task, model, key, message, user, *, since, about):
    """Send the one email claimed under `key` (a personal email such as a consent question or
    a "could you help?"): claim it, send it, and while the server refuses for now retry `task`
    with backoff until the retry window is over, then record it as not delivered. Returns 1
    when it went, else 0 (already sent or claimed elsewhere, flagged address, given up)."""
    if user.email.lower() in flagged([user.email]):
        return 0
    state, pk = claim(model, key, {})
    if state != CLAIMED:
        return 0
    status, error = send_claimed(model, pk, message, user)
    if status != Delivery.PENDING:
        return int(status == Delivery.SENT)
    if task.request.is_eager:
        return 0
    if retry_window_over(since):
        give_up(model, key, {}, error)
        record_undelivered(user.email, f"{about}: {error}")
        return 0
    raise task.retry(countdown=retry_countdown(task.request.retries), kwargs={"since": since})
