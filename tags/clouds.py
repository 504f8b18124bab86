"""A community's tag counts, kept in the cache between requests and shared by its viewers.

Counting a community's tags means matching its tag rows against its search index rows, the
slowest query on the pages that show a cloud. Most of those rows look the same to everyone who
may see the community: a topic, wiki page, document or event follows the communities rule
exactly (search.registry.Adapter.uses_community_rule), so once a viewer may see the community
(communities.sight), such an item is visible to them exactly when its feature is switched on
there. Those counts are worked out once per community and set of switched-on kinds, and cached.

Kinds with a rule of their own (blog entries: personal, inactive blogs, published into several
communities) can look different to each viewer, so they are never in the shared counts: when the
community has tag rows of such kinds, they are counted for the viewer through the search index's
rule and added. A viewer who may not see the community gets the rule's answer directly.

Each community has a token in the cache that any change to its tag rows or index rows replaces
(signals, connected in tags/apps.py); the counts are stored under the token read before they were
worked out, so counts read from data that changed meanwhile are never asked for again. The
switched-on kinds are part of the key, so a feature switch needs no renewal. When the cache is
unavailable the counts are worked out from the database every time.
"""

import logging
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

from communities.sight import sight_of
from core.queries import own_transaction
from search.models import SearchDocument
from search.registry import adapters

from .models import TaggedItem

log = logging.getLogger(__name__)

# Rows added by a bulk re-index (rebuild_search_index) send no signal; they reach the clouds by
# the next change in the community or, at the latest, when the counts expire.
TIMEOUT = 60 * 60


def _token_key(community_id):
    return f"tags:cloud:{community_id}"


def counted(rows, limit=None):
    """[{name, slug, count}] of these tag rows, most used first (then by name)."""
    grouped = (
        rows.values("tag__name", "tag__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "tag__name")[:limit]
    )
    return [
        {"name": row["tag__name"], "slug": row["tag__slug"], "count": row["count"]}
        for row in grouped
    ]


def visible_rows(user, community=None, *, kinds=None):
    """Tag rows on items `user` can find in the index (in `community`, when given: the index
    rows are narrowed to its items too, so PostgreSQL matches the community's tag rows against
    its own index rows instead of hashing every visible row of the index)."""
    documents = SearchDocument.objects.visible_to(user, kinds=kinds)
    rows = TaggedItem.objects.all()  # visibility: narrowed to visible index rows below
    if community is not None:
        documents = documents.in_community(community, kinds=kinds)
        rows = rows.filter(community=community)
    documents = documents.filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    return rows.filter(Exists(documents))  # visibility: SearchDocument rule above


def community_counts(user, community):
    """Every tag in `community` on items `user` can see, with its count, most used first: what
    `counted(visible_rows(user, community))` answers, mostly from the cache."""
    sight = sight_of(user)
    if community.pk not in sight:
        return counted(visible_rows(user, community))
    enabled = sight.catalogue.enabled[community.pk]
    shared_kinds = tuple(
        sorted(
            adapter.kind
            for adapter in adapters()
            if adapter.uses_community_rule
            and (adapter.feature is None or adapter.feature in enabled)
        )
    )
    shared, own_rule_rows = _shared(community, shared_kinds)
    if not own_rule_rows:
        return [dict(row) for row in shared]
    own_kinds = [adapter.kind for adapter in adapters() if not adapter.uses_community_rule]
    return _merged(shared, counted(visible_rows(user, community, kinds=own_kinds)))


def _merged(shared, extra):
    by_tag = {(row["name"], row["slug"]): dict(row) for row in shared}
    for row in sorted(extra, key=lambda row: row["name"]):
        held = by_tag.setdefault((row["name"], row["slug"]), {**row, "count": 0})
        held["count"] += row["count"]
    return sorted(by_tag.values(), key=lambda row: -row["count"])  # stable: ties keep order


def _shared(community, kinds):
    """(counts of the tag rows on `kinds` items in `community`, whether it has tag rows on
    items of kinds with their own rule). Only for viewers who may see the community."""
    # The community's creation time is part of the key, so a community that reuses an id (test
    # databases rolled back) never meets another's counts. Without it (deferred) nothing is kept.
    created = community.__dict__.get("created")
    token = _token(community.pk) if created is not None else None
    key = None
    if token is not None:
        key = f"{_token_key(community.pk)}:{created.timestamp():.6f}:{token}:{'.'.join(kinds)}"
    if key is not None:
        try:
            held = cache.get(key)
        except Exception:
            log.warning("tag clouds: cache unavailable", exc_info=True)
            held, key = None, None
        if held is not None:
            return held
    documents = SearchDocument.objects.in_community(community, kinds=kinds).filter(
        content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
    )
    own_rule_types = [
        ContentType.objects.get_for_model(adapter.model)
        for adapter in adapters()
        if not adapter.uses_community_rule
    ]
    # One pass over the community's tag rows: per tag, the rows on shared kinds' items in its
    # index, and the rows on items of kinds with their own rule.
    grouped = (
        TaggedItem.objects.filter(community=community)  # visibility: shown only to its viewers
        .values("tag__name", "tag__slug")
        .annotate(
            count=Count("pk", filter=Exists(documents)),
            own_rule=Count("pk", filter=Q(content_type__in=own_rule_types)),
        )
        .order_by("-count", "tag__name")
    )
    shared, own_rule_rows = [], False
    for row in grouped:
        own_rule_rows = own_rule_rows or row["own_rule"] > 0
        if row["count"]:
            shared.append(
                {"name": row["tag__name"], "slug": row["tag__slug"], "count": row["count"]}
            )
    held = (tuple(shared), own_rule_rows)
    if key is not None and _safe_to_store():
        try:
            cache.set(key, held, TIMEOUT)
        except Exception:
            log.warning("tag clouds: cache unavailable", exc_info=True)
    return held


def _token(community_id):
    key = _token_key(community_id)
    try:
        token = cache.get(key)
        if token is None:
            cache.add(key, uuid.uuid4().hex, None)
            token = cache.get(key)
        return token
    except Exception:
        log.warning("tag clouds: cache unavailable", exc_info=True)
        return None


def _safe_to_store():
    """Counts worked out inside a transaction that changed a community's tags may roll back to
    what no token describes, so they are not kept."""
    block = own_transaction()
    changed = getattr(connection, "tag_clouds_changed", None)
    return block is None or changed is None or changed[0] is not block


def community_changed(community_id):
    """Forget `community_id`'s cached counts now and again once the change commits."""
    if community_id is None:
        return

    def renew():
        try:
            cache.set(_token_key(community_id), uuid.uuid4().hex, None)
        except Exception:
            log.error("tag clouds: could not renew community %s", community_id, exc_info=True)

    block = own_transaction()
    if block is not None:
        held = getattr(connection, "tag_clouds_changed", None)
        if held is None or held[0] is not block:
            held = connection.tag_clouds_changed = (block, set())
        if community_id in held[1]:
            return  # renewed already in this transaction, and again when it commits
        held[1].add(community_id)
    renew()
    transaction.on_commit(renew)


def _row_changed(sender, instance, **kwargs):
    community_changed(instance.community_id)


def connect():
    """Tag rows and index rows saved or deleted renew their community's token. Index rows are
    written one by one (search.services) and deleted through querysets, which send the signal
    for each row."""
    from django.db.models.signals import post_delete, post_save

    for model in (TaggedItem, SearchDocument):
        for signal in (post_save, post_delete):
            signal.connect(
                _row_changed,
                sender=model,
                dispatch_uid=f"tag-clouds-{signal is post_save}-{model.__name__}",
            )
