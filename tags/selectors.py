"""Reads for tag clouds, tag pages and the tags under an item. Each is one query.

Clouds and tag pages only count items the viewer can find in the search index
(SearchDocument.objects.visible_to): the visibility rule in one place, and deleted or hidden
items (which leave the index at once) drop out of every cloud.
"""

import math

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef

from search.models import SearchDocument

from .models import TaggedItem

CLOUD_SIZE = 40
SITE_CLOUD_SIZE = 100
WEIGHTS = 5


def _visible_rows(user, community=None):
    """Tag rows on items `user` can find in the index (in `community`, when given: the index
    rows are narrowed to its items too, so PostgreSQL matches the community's tag rows against
    its own index rows instead of hashing every visible row of the index)."""
    documents = SearchDocument.objects.visible_to(user)
    rows = TaggedItem.objects.all()
    if community is not None:
        documents = documents.in_community(community)
        rows = rows.filter(community=community)
    documents = documents.filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    return rows.filter(Exists(documents))  # visibility: SearchDocument rule above


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


def _counted(rows, limit):
    grouped = (
        rows.values("tag__name", "tag__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "tag__name")[:limit]
    )
    return [
        {"name": row["tag__name"], "slug": row["tag__slug"], "count": row["count"]}
        for row in grouped
    ]


def tag_cloud(*, user, community=None, limit=None):
    """The words members tagged items with (in `community`, or everywhere), weighted by use."""
    rows = _visible_rows(user, community)
    return _weighted(_counted(rows, limit or (CLOUD_SIZE if community else SITE_CLOUD_SIZE)))


def popular_tags(*, user, community, exclude=(), limit=8):
    """The community's most used tags, offered while tagging (most used first)."""
    rows = _visible_rows(user, community)
    lowered = {name.lower() for name in exclude}
    found = list(_counted(rows, limit + len(lowered)))
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


def tagged_documents(*, user, tag):
    """Every index row visible to `user` whose item carries `tag`, newest first."""
    tagged = TaggedItem.objects.filter(  # visibility: joined to the visible index rows below
        tag=tag, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    return (
        SearchDocument.objects.visible_to(user)
        .filter(Exists(tagged))
        .select_related("community", "author")
        .order_by("-updated", "-pk")
    )
