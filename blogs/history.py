"""The blogs' part of `activity_backfill` (declared in blogs/features.py)."""

from activity.backfill import already, quietly
from activity.models import Verb

from .models import BlogEntry, BlogPublication


def history():
    """Log blog entries (personal, or one row per publication) written without the log."""
    count = 0
    done_personal = already(Verb.BLOG_PUBLISHED, BlogEntry)
    done_published = already(Verb.BLOG_PUBLISHED, BlogPublication)
    for entry in BlogEntry.objects.select_related("author").prefetch_related("publications"):
        publications = [p for p in entry.publications.all() if p.pk not in done_published]
        if entry.publications.all():
            for publication in publications:
                quietly(entry, actor=entry.author, verb=Verb.BLOG_PUBLISHED, target=publication,
                       subject=entry, excerpt=entry.body, url=entry.get_absolute_url(),
                       created=publication.created)  # fmt: skip
                count += 1
        elif entry.pk not in done_personal:
            quietly(entry, actor=entry.author, verb=Verb.BLOG_PUBLISHED, target=entry,
                   excerpt=entry.body, created=entry.created)  # fmt: skip
            count += 1
    return count
