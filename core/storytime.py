"""Story dates: content made through the services, dated when the story says it happened.

`seed_demo` builds the demo data through the same services members use, and they stamp "now";
the demo tells a story over months (a community that closed down in 2025 was approved and
active before then). Each step is made inside `at(when)` and then dated with `backdate`:

    with at(when):
        topic = topic_create(community=..., author=..., title=..., body=...)
    backdate(topic, when, "last_activity_at")

Inside `at(when)` the event log dates the rows it records at `when` (`activity.services.record`
asks `now()`), so an item and its log rows carry the same date; `backdate` sets the item's own
date columns. Outside `at()`, `now()` is None and nothing changes.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_when = ContextVar("story_time", default=None)


@contextmanager
def at(when):
    token = _when.set(when)
    try:
        yield
    finally:
        _when.reset(token)


def now():
    """The story's date inside `at(when)`, else None (use the real clock)."""
    return _when.get()


def backdate(item, when, *fields, created=True):
    """Date `item` at `when`: its `created` and `updated` columns (those it has; `created=False`
    leaves them alone, for a later change to something that exists) and the other date `fields`
    the service stamped with "now" (`last_activity_at`, `reviewed_at`…). One UPDATE; the
    instance is changed to match."""
    names = {field.name for field in item._meta.concrete_fields}
    chosen = [*(("created", "updated") if created else ()), *fields]
    values = {name: when for name in chosen if name in names}
    unknown = set(fields) - names
    if unknown:
        raise ValueError(f"{type(item).__name__} has no {', '.join(sorted(unknown))}")
    if values:
        type(item)._default_manager.filter(pk=item.pk).update(**values)
    for name, value in values.items():
        setattr(item, name, value)
    return item
