"""Reads for tag clouds, tag pages and the tags under an item. Each is at most one query;
a community's cloud usually none (tags/clouds.py keeps its counts in the cache).

Clouds and tag pages only count items the viewer can find in the search index
(SearchDocument.objects.visible_to, or for a community's shared counts the communities rule
they follow): the visibility rule in one place, and deleted or hidden items (which leave the
index at once) drop out of every cloud.
"""

import math

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, OuterRef, Subquery, Value

from search.models import DocumentTag, SearchDocument

from . import clouds
from .models import TaggedItem

CLOUD_SIZE = 40
SITE_CLOUD_SIZE = 100
WEIGHTS = 5


def _weighted(rows):
    """Give each {name, slug, count} a weight 1–5 (log scale), then sort A–Z."""
    rows = list(rows)
    if not rows:
        return []
    counts = [row["count"] for row in rows]
    low, high = math.log(min(counts)), math.log(max(counts))
    spread = high - low
    for row in rows:
        share = (math.log(row["count"]) - low) / spread if spread else 0.5
        row["weight"] = 1 + round(share * (WEIGHTS - 1))
    return sorted(rows, key=lambda row: row["name"].lower())


def tag_cloud(*, user, community=None, limit=None):
    """The words members tagged items with (in `community`, or everywhere), weighted by use."""
    if community is None:
        rows = clouds.site_counts(user, limit or SITE_CLOUD_SIZE)
    else:
        rows = clouds.community_counts(user, community)[: limit or CLOUD_SIZE]
    return _weighted(rows)


def popular_tags(*, user, community, exclude=(), limit=8):
    """The community's most used tags, offered while tagging (most used first); for an item
    outside any community (a personal blog entry), the most used tags the user can see."""
    lowered = {name.lower() for name in exclude}
    if community is None:
        found = clouds.site_counts(user, limit + len(lowered))
    else:
        found = clouds.community_counts(user, community)
    return [row for row in found if row["name"].lower() not in lowered][:limit]


def tags_on(item):
    """The tag rows on one item (the page has already checked the viewer can see it)."""
    content_type = ContentType.objects.get_for_model(item)
    return list(
        TaggedItem.objects.filter(  # visibility: the item's own page checked it
            content_type=content_type, object_id=item.pk
        )
        .select_related("tag", "tagged_by")
        .order_by("tag__name")
    )


def tagged_documents(*, user, tag, kinds=None):
    """The ids of the index rows visible to `user` (of `kinds`, or every kind) whose item
    carries `tag`, newest first.

    Read by walking the tag's rows in the search layer's tag index (search.models.DocumentTag)
    newest first and asking of each whether the visibility rule lets `user` see its index row
    (SearchDocument.objects.visible_to, one row by primary key), so a page stops after its rows
    whether the tag is on three items or on most of the index, and whether its items are the
    newest or years old. The question is a scalar subquery on purpose: PostgreSQL turns an
    EXISTS or a join into a hash of every visible index row (seconds for a common tag), as the
    rule's nested blog subquery makes each lookup look expensive to its planner. A tag whose
    items the viewer mostly cannot see is walked to its end (about 2 µs a row, warm)."""
    # Each row is found by its primary key: the community is checked on it, not through the
    # community index (which PostgreSQL would otherwise weigh in planning, twice as long).
    visible = SearchDocument.objects.visible_to(
        user, kinds=kinds, use_community_index=False
    ).filter(pk=OuterRef("document_id"))
    seen = Subquery(visible.order_by().values(seen=Value(True)), output_field=BooleanField())
    rows = DocumentTag.objects.filter(tag=tag)  # visibility: each row checked by the rule (seen)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)  # walks only those kinds' rows
    return (
        rows.alias(seen=seen)
        .filter(seen=True)
        .order_by("-updated", "-document_id")
        .values_list("document_id", flat=True)
    )
