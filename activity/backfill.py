"""Fill the event log from content that was created without it (demo data written straight to
the tables, or an existing site adopting the log). Quiet: history sends no alerts.

Each feature logs its own history (`Feature.history`); a row is never recorded twice (a target
that already has a row for that verb is left alone); removed content is recorded hidden.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from communities.models import Community, Membership, StageChange
from core import features as feature_registry

from .models import Activity, Verb
from .services import hide_for, record


def already(verb, model):
    """Ids of `model` rows already logged with `verb`."""
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Activity.objects.filter(verb=verb, target_type=content_type).values_list(
            "target_id", flat=True
        )
    )


def quietly(obj, **kwargs):
    """Record history without queueing alerts."""
    return record(quiet=True, **kwargs)


REMOVABLE = ["forums.Topic", "forums.Post", "blogs.BlogEntry", "comments.Comment"]


def _hide_removed():
    """Last: removed content (and everything about it, recorded in any order) stays hidden."""
    for label in REMOVABLE:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for obj in model._default_manager.filter(removed_at__isnull=False):
            hide_for(obj)


def _communities():
    count = 0
    done = already(Verb.COMMUNITY_APPROVED, Community)
    for community in Community.objects.live().filter(parent__isnull=True).exclude(pk__in=done):
        quietly(community, actor=community.reviewed_by, verb=Verb.COMMUNITY_APPROVED,
               target=community, created=community.reviewed_at or community.created)  # fmt: skip
        count += 1
    done = already(Verb.COMMUNITY_CREATED, Community)
    subs = Community.objects.live().filter(parent__isnull=False).exclude(pk__in=done)
    for sub in subs.select_related("parent"):
        quietly(sub, actor=sub.proposed_by, verb=Verb.COMMUNITY_CREATED, target=sub,
               community=sub.parent, created=sub.created)  # fmt: skip
        count += 1
    done = already(Verb.STAGE_CHANGED, StageChange)
    changes = StageChange.objects.exclude(from_stage="").exclude(pk__in=done)
    for change in changes.select_related("community", "changed_by"):
        label = Community.Stage(change.to_stage).label
        quietly(change, actor=change.changed_by, verb=Verb.STAGE_CHANGED, target=change,
               subject=change.community, excerpt=f"Now at the {label} stage.",
               url=change.community.get_absolute_url(), created=change.created)  # fmt: skip
        count += 1
    done = already(Verb.MEMBER_JOINED, Membership)
    for membership in Membership.objects.exclude(pk__in=done).select_related("community", "user"):
        community = membership.community
        quietly(membership, actor=membership.user, verb=Verb.MEMBER_JOINED, target=membership,
               subject=community, created=membership.created,
               url=reverse("communities:members", kwargs={"slug": community.slug}))  # fmt: skip
        count += 1
    return count


def _comments():
    # Comments are on items of any feature; the model is looked up by name, as the log does not
    # depend on the apps above it.
    try:
        Comment = apps.get_model("comments", "Comment")  # noqa: N806
    except LookupError:
        return 0
    count = 0
    done = already(Verb.COMMENT_POSTED, Comment)
    for comment in Comment.objects.exclude(pk__in=done).select_related("author"):
        target = comment.target
        if target is None:
            continue
        quietly(comment, actor=comment.author, verb=Verb.COMMENT_POSTED, target=comment,
               subject=target, excerpt=comment.body, created=comment.created)  # fmt: skip
        count += 1
    return count


@transaction.atomic
def backfill():
    """Returns {source: rows recorded}."""
    counts = {"communities": _communities()}
    for feature in feature_registry.features():
        if feature.history is not None:
            counts[feature.app_label] = feature.history()
    counts["comments"] = _comments()
    _hide_removed()
    return counts
