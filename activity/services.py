"""Writing to the event log. Feature apps call `record` from their own atomic services:

    from activity.services import record as activity_record
    activity_record(actor=user, verb=REPLY_POSTED, target=reply, subject=reply.topic)

and `hide_for(obj)` / `show_for(obj)` from their delete, hide and restore services, so that
deleted or hidden content drops out of every stream, digest, alert and metric.
"""

import html
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Value
from django.utils.html import strip_tags
from django.utils.text import Truncator

from communities.models import Community
from core import features as feature_registry
from core import storytime
from core.quiet import is_quiet

from . import verbs
from .models import Activity

EXCERPT_CHARS = 280

# Called with each new Activity inside the caller's transaction (alerts registers its
# immediate-alert task here in AlertsConfig.ready). A callback only records follow-up work with
# core.handoff.enqueue, which hands it to Celery once the transaction commits; so the work exists
# exactly when the row does. A list, not a signal: explicit, greppable.
_after_record = []


def on_recorded(callback):
    _after_record.append(callback)
    return callback


def plain_excerpt(text, chars=EXCERPT_CHARS):
    """Rich text → one short line of plain text for streams and emails."""
    text = re.sub(r"<(br|/p|/li|/h[1-6]|/div|/blockquote|/tr)\b[^>]*>", " ", text or "", flags=re.I)
    text = re.sub(r"\s+", " ", html.unescape(strip_tags(text))).strip()
    return Truncator(text).chars(chars)


def _content_type(obj):
    return ContentType.objects.get_for_model(obj) if obj is not None else None


def record(
    *,
    actor,
    verb,
    target,
    community=None,
    subject=None,
    title=None,
    excerpt="",
    url=None,
    feature=None,
    created=None,
):
    """Write one Activity row inside the caller's transaction, so it exists exactly when the
    action committed; the immediate-alert fan-out is recorded with it (core.handoff.enqueue) and
    queued once it commits.

    Defaults: `community` is the target's (or the subject's) community; the subject is the target;
    `title` is str(subject); `url` is the target's get_absolute_url(); `excerpt` is plain text.
    Inside `core.quiet.quiet()` (the demo data) it records without queueing alerts; inside
    `core.storytime.at(when)` the row is dated `when` unless `created` is given.
    """
    verb = verbs.verb(verb)
    subject = subject if subject is not None else target
    if community is None:
        if isinstance(target, Community):
            community = target
        else:
            community = getattr(target, "community", None) or getattr(subject, "community", None)
    if community is None and verb not in verbs.personal():
        raise ValueError(f"{verb.label} must belong to a community (only personal blogs may not).")
    if url is None:
        url = target.get_absolute_url()
    if feature is None and verb == verbs.COMMENT_POSTED:
        # A comment belongs to the feature of what it is on (a comment on a document is
        # library news).
        feature = feature_registry.of_app(subject._meta.app_label)
    elif feature is None:
        feature = verb.feature
    fields = {
        "actor": actor,
        "verb": verb,
        "target_type": _content_type(target),
        "target_id": target.pk if target is not None else None,
        "subject_type": _content_type(subject),
        "subject_id": subject.pk if subject is not None else None,
        "community": community,
        "feature": feature,
        "title": Truncator(title if title is not None else str(subject)).chars(200),
        "excerpt": plain_excerpt(excerpt),
        "url": url,
    }
    created = created if created is not None else storytime.now()
    if created is not None:
        fields["created"] = created
    activity = Activity.objects.create(**fields)
    if is_quiet():
        return activity
    for callback in _after_record:
        callback(activity)
    return activity


def record_placements(*, actor, verb, subject, placements, excerpt="", url=None):
    """Something that lives outside communities but is placed into some (a blog entry published
    into communities): one row per placement (an object with a `community`, e.g. a
    BlogPublication; removing the placement drops its row), or — when `placements` is None —
    one community-less row about the subject itself. An empty list records nothing."""
    url = url or subject.get_absolute_url()
    if placements is None:
        return [record(actor=actor, verb=verb, target=subject, excerpt=excerpt, url=url)]
    return [
        record(actor=actor, verb=verb, target=placement, subject=subject, excerpt=excerpt, url=url)
        for placement in placements
    ]


def _set_hidden(obj, hidden):
    ct = ContentType.objects.get_for_model(obj)
    as_target = Activity.objects.filter(target_type=ct, target_id=obj.pk)
    as_subject = Activity.objects.filter(subject_type=ct, subject_id=obj.pk)
    return as_target.update(target_hidden=hidden) + as_subject.update(subject_hidden=hidden)


def hide_for(obj):
    """The object was deleted, hidden or unpublished: every row whose target or subject it is
    drops out of streams, digests, alerts and metrics. Call it from the delete/hide service
    (before deleting, or after: the row only stores the ids)."""
    return _set_hidden(obj, True)


def show_for(obj):
    """The object was restored (a moderator un-hid a topic): its rows come back, except those
    hidden for their own sake (a reply removed on its own stays hidden)."""
    return _set_hidden(obj, False)


def drop_missing(rows):
    """Remove rows whose target no longer exists (deleted without `hide_for`), and hide them for
    good. One query for all of them (a UNION of one existence check per content type).

    Uses each model's default manager, so an app whose default manager leaves out soft-deleted
    items gets those dropped too.
    """
    by_type = {}
    for row in rows:
        if row.target_type_id is not None:
            by_type.setdefault(row.target_type_id, set()).add(row.target_id)
    checks = []
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            checks.append(
                model._default_manager.filter(pk__in=ids)
                .order_by()
                .values_list(Value(type_id, output_field=IntegerField()), "pk")
            )
    found = set()
    if checks:
        found = set(checks[0].union(*checks[1:], all=True) if len(checks) > 1 else checks[0])
    missing = {(t, pk) for t, ids in by_type.items() for pk in ids if (t, pk) not in found}
    if not missing:
        return list(rows)
    gone = [row.pk for row in rows if (row.target_type_id, row.target_id) in missing]
    Activity.objects.filter(pk__in=gone).update(target_hidden=True)
    return [row for row in rows if row.pk not in set(gone)]
