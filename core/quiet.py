"""Quiet: work that must not reach anyone (loading the demo data).

Inside `with quiet():` the services still write everything a member's action writes (content,
the event log, counters, subscriptions, the search index), but nothing leaves the site or
interrupts a person: `core.email.queue_templated_email` queues no email, the event log queues no
immediate alerts, `notifications.services.notify` rings no bell, and `news.services.feed_fetch`
does not go to the network.

The flag lives in `core`, the lowest layer, so that each of those apps can ask `is_quiet()`
without importing the others. A context variable, so one thread's (or task's) quiet never
silences another's.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_quiet = ContextVar("quiet", default=False)


@contextmanager
def quiet():
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet():
    return _quiet.get()
