"""Fill the event log from content that was created without it (demo data written straight to
the tables, or an existing site adopting the log). Quiet: history sends no alerts.

Each source is skipped when its app is not installed; a row is never recorded twice (a target
that already has a row for that verb is left alone); removed content is recorded hidden.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from communities.models import Community, Membership, StageChange

from .models import Activity, Verb
from .services import hide_for, record


def _already(verb, model):
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Activity.objects.filter(verb=verb, target_type=content_type).values_list(
            "target_id", flat=True
        )
    )


def _quiet(obj, **kwargs):
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
    done = _already(Verb.COMMUNITY_APPROVED, Community)
    for community in Community.objects.live().filter(parent__isnull=True).exclude(pk__in=done):
        _quiet(community, actor=community.reviewed_by, verb=Verb.COMMUNITY_APPROVED,
               target=community, created=community.reviewed_at or community.created)  # fmt: skip
        count += 1
    done = _already(Verb.COMMUNITY_CREATED, Community)
    subs = Community.objects.live().filter(parent__isnull=False).exclude(pk__in=done)
    for sub in subs.select_related("parent"):
        _quiet(sub, actor=sub.proposed_by, verb=Verb.COMMUNITY_CREATED, target=sub,
               community=sub.parent, created=sub.created)  # fmt: skip
        count += 1
    done = _already(Verb.STAGE_CHANGED, StageChange)
    changes = StageChange.objects.exclude(from_stage="").exclude(pk__in=done)
    for change in changes.select_related("community", "changed_by"):
        label = Community.Stage(change.to_stage).label
        _quiet(change, actor=change.changed_by, verb=Verb.STAGE_CHANGED, target=change,
               subject=change.community, excerpt=f"Now at the {label} stage.",
               url=change.community.get_absolute_url(), created=change.created)  # fmt: skip
        count += 1
    done = _already(Verb.MEMBER_JOINED, Membership)
    for membership in Membership.objects.exclude(pk__in=done).select_related("community", "user"):
        community = membership.community
        _quiet(membership, actor=membership.user, verb=Verb.MEMBER_JOINED, target=membership,
               subject=community, created=membership.created,
               url=reverse("communities:members", kwargs={"slug": community.slug}))  # fmt: skip
        count += 1
    return count


def _forums():
    if not apps.is_installed("forums"):
        return 0
    from forums.models import Post, Topic

    count = 0
    done = _already(Verb.TOPIC_STARTED, Topic)
    for topic in Topic.objects.exclude(pk__in=done).select_related("community", "opening_post"):
        body = topic.opening_post.body if topic.opening_post else topic.teaser
        _quiet(topic, actor=topic.author, verb=Verb.TOPIC_STARTED, target=topic, excerpt=body,
               created=topic.created)  # fmt: skip
        count += 1
    done = _already(Verb.REPLY_POSTED, Post)
    replies = Post.objects.filter(is_opening=False).exclude(pk__in=done)
    for post in replies.select_related("topic", "community"):
        _quiet(post, actor=post.author, verb=Verb.REPLY_POSTED, target=post, subject=post.topic,
               excerpt=post.body, created=post.created)  # fmt: skip
        count += 1
    return count


def _blogs():
    if not apps.is_installed("blogs"):
        return 0
    from blogs.models import BlogEntry, BlogPublication

    count = 0
    done_personal = _already(Verb.BLOG_PUBLISHED, BlogEntry)
    done_published = _already(Verb.BLOG_PUBLISHED, BlogPublication)
    for entry in BlogEntry.objects.select_related("author").prefetch_related("publications"):
        publications = [p for p in entry.publications.all() if p.pk not in done_published]
        if entry.publications.all():
            for publication in publications:
                _quiet(entry, actor=entry.author, verb=Verb.BLOG_PUBLISHED, target=publication,
                       subject=entry, excerpt=entry.body, url=entry.get_absolute_url(),
                       created=publication.created)  # fmt: skip
                count += 1
        elif entry.pk not in done_personal:
            _quiet(entry, actor=entry.author, verb=Verb.BLOG_PUBLISHED, target=entry,
                   excerpt=entry.body, created=entry.created)  # fmt: skip
            count += 1
    return count


def _comments():
    if not apps.is_installed("comments"):
        return 0
    from comments.models import Comment

    count = 0
    done = _already(Verb.COMMENT_POSTED, Comment)
    for comment in Comment.objects.exclude(pk__in=done).select_related("author"):
        target = comment.target
        if target is None:
            continue
        _quiet(comment, actor=comment.author, verb=Verb.COMMENT_POSTED, target=comment,
               subject=target, excerpt=comment.body, created=comment.created)  # fmt: skip
        count += 1
    return count


@transaction.atomic
def backfill():
    """Returns {source: rows recorded}."""
    counts = {
        "communities": _communities(),
        "forums": _forums(),
        "blogs": _blogs(),
        "comments": _comments(),
    }
    _hide_removed()
    return counts
