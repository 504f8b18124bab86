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

import hashlib
import logging
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from taggit.models import Tag

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
            cache.set_many(
                {_token_key(community_id): uuid.uuid4().hex, GENERATION_KEY: uuid.uuid4().hex},
                None,
            )
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
    # An index row moved to another community leaves the one it was read from.
    loaded = instance.__dict__.get("_cloud_loaded_community_id")
    if loaded is not None and loaded != instance.community_id:
        community_changed(loaded)


def _row_loaded(sender, instance, **kwargs):
    instance._cloud_loaded_community_id = instance.__dict__.get("community_id")


def _community_saved(sender, instance, created, **kwargs):
    # A new community starts with a token of its own, even where its id was used before (test
    # databases rolled back), so it never meets counts kept for another.
    if created:
        community_changed(instance.pk)


def connect():
    """Tag rows and index rows saved or deleted renew their community's token (and an index row
    moved to another community, the one it left). Index rows are written one by one
    (search.services) and deleted through querysets, which send the signal for each row."""
    from django.db.models.signals import post_delete, post_init, post_save

    from communities.models import Community

    for model in (TaggedItem, SearchDocument):
        for signal in (post_save, post_delete):
            signal.connect(
                _row_changed,
                sender=model,
                dispatch_uid=f"tag-clouds-{signal is post_save}-{model.__name__}",
            )
    post_init.connect(_row_loaded, sender=SearchDocument, dispatch_uid="tag-clouds-loaded")
    post_save.connect(_community_saved, sender=Community, dispatch_uid="tag-clouds-community")


# --- the site-wide cloud ---------------------------------------------------------------------
#
# Every tag on items the viewer can see, across the site. Counting it from the tag rows means
# matching every tag row against every visible index row (seconds at national size), so it is
# added up from per-community counts instead:
#
# * per community, the tag rows on its index rows of kinds that follow the communities rule,
#   per kind and tag (grouped by the index row's community: where the item is visible, whatever
#   community the tag row names). Kept in the cache under the community's token (the one the
#   community clouds use), so any change to its index rows or tag rows renews them;
# * the sum over the communities open to every signed-in member (Catalogue.open), each with the
#   kinds switched on there, is the same for every member: it is kept too, with the tokens and
#   entry stamps it was added up from; a community whose token changed since is taken out and
#   added again (or, when its old entry is gone, everything is added up again);
# * a viewer's own communities beyond those (private ones they belong to; every community for a
#   site admin) are added to it, and kinds with a rule of their own (blog entries) are counted
#   for the viewer through the search index's rule.

SITE_TIMEOUT = TIMEOUT
# Renewed with any community's token: while it is unchanged, no community's counts changed.
GENERATION_KEY = "tags:site:generation"
# A kept sum is brought up to date when at most this many of its communities changed (each taken
# out and added again); beyond that it is added up again.
CHANGED_AT_MOST = 50
_open_memo = [None]  # (catalogue, (open community ids in order, their shared kinds, key))


def _site_key(community_id, token):
    return f"tags:site:counts:{community_id}:{token}"


def _shared_adapters():
    return [adapter for adapter in adapters() if adapter.uses_community_rule]


def _kinds_on(catalogue, community_id, shared):
    enabled = catalogue.enabled.get(community_id, frozenset())
    return tuple(
        adapter.kind for adapter in shared if adapter.feature is None or adapter.feature in enabled
    )


def _open_part(catalogue, shared):
    """The communities open to every signed-in member, in a fixed order, the shared kinds
    switched on in each, and a key naming that set; worked out once per catalogue."""
    held = _open_memo[0]
    if held is not None and held[0] is catalogue:
        return held[1]
    ids = tuple(sorted(catalogue.open))
    kinds = tuple(_kinds_on(catalogue, pk, shared) for pk in ids)
    digest = hashlib.sha256(repr((ids, kinds)).encode()).hexdigest()[:32]
    part = (ids, kinds, f"tags:site:sums:{digest}")
    _open_memo[0] = (catalogue, part)
    return part


def _tokens_of(community_ids, other_keys=()):
    """({community id: token} for every id, made where missing, with the generation under
    GENERATION_KEY; {key: value} of `other_keys` found), in one round trip; (None, {}) when the
    cache is unavailable."""
    keys = {_token_key(pk): pk for pk in community_ids}
    keys[GENERATION_KEY] = GENERATION_KEY
    try:
        found = cache.get_many([*keys, *other_keys])
        missing = [key for key in keys if key not in found]
        if missing:
            for key in missing:
                cache.add(key, uuid.uuid4().hex, None)
            found.update(cache.get_many(missing))
    except Exception:
        log.warning("tag clouds: cache unavailable", exc_info=True)
        return None, {}
    if any(key not in found for key in keys):
        return None, {}
    return {pk: found[key] for key, pk in keys.items()}, {
        key: found[key] for key in other_keys if key in found
    }


def _count_communities(community_ids, kinds):
    """{community id: {kind: {tag id: rows}}} of the tag rows on these communities' index rows
    of `kinds`, in one query."""
    counts = {pk: {} for pk in community_ids}
    if not community_ids or not kinds:
        return counts
    documents, rows = SearchDocument._meta.db_table, TaggedItem._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.community_id, d.kind, t.tag_id, COUNT(*) FROM {rows} t "  # noqa: S608
            f"JOIN {documents} d ON d.content_type_id = t.content_type_id "
            "AND d.object_id = t.object_id "
            f"WHERE d.community_id IN ({', '.join(['%s'] * len(community_ids))}) "
            f"AND d.kind IN ({', '.join(['%s'] * len(kinds))}) "
            "GROUP BY d.community_id, d.kind, t.tag_id",
            [*community_ids, *kinds],
        )
        for community_id, kind, tag_id, count in cursor.fetchall():
            counts[community_id].setdefault(kind, {})[tag_id] = count
    return counts


def _community_entries(community_ids, tokens, shared):
    """{community id: (stamp, {kind: {tag id: rows}})} for these communities, from the cache
    where kept (under `tokens`, when given) and from one query for the rest."""
    keys = {}
    if tokens is not None:
        keys = {_site_key(pk, tokens[pk]): pk for pk in community_ids}
    try:
        found = cache.get_many(list(keys)) if keys else {}
    except Exception:
        log.warning("tag clouds: cache unavailable", exc_info=True)
        found, keys = {}, {}
    entries = {keys[key]: value for key, value in found.items()}
    missing = [pk for pk in community_ids if pk not in entries]
    if missing:
        # Each entry is stamped, so a sum can tell the entry it added from another worked out
        # under the same token.
        worked_out = {
            pk: (random.getrandbits(63), counts)  # noqa: S311
            for pk, counts in _count_communities(
                missing, [adapter.kind for adapter in shared]
            ).items()
        }
        entries.update(worked_out)
        if keys and _safe_to_store():
            # Kept for between half the lifetime and all of it, so counts worked out together
            # are not all worked out again together.
            timeout = int(SITE_TIMEOUT * (0.5 + random.random() / 2))  # noqa: S311
            try:
                cache.set_many(
                    {_site_key(pk, tokens[pk]): worked_out[pk] for pk in missing}, timeout
                )
            except Exception:
                log.warning("tag clouds: cache unavailable", exc_info=True)
    return entries


def _add(total, entry, kinds, sign=1):
    for kind in kinds:
        for tag_id, count in entry[1].get(kind, {}).items():
            total[tag_id] = total.get(tag_id, 0) + sign * count


def _site_shared_counts(user):
    """{tag id: rows} of tag rows on items of kinds that follow the communities rule, in the
    communities `user` may see with each kind's feature switched on there."""
    sight = sight_of(user)
    catalogue = sight.catalogue
    if catalogue is None or not sight.all:
        return {}
    shared = _shared_adapters()
    open_ids, open_kinds, open_key = _open_part(catalogue, shared)
    if not catalogue.open <= sight.all:
        open_ids, open_kinds, open_key = (), (), None  # never the case; add up everything
    beyond = sorted(sight.all - set(open_ids))
    # The generation is read before any token: a sum kept under it was added up from tokens
    # read after it, so while it is unchanged every community's counts are still the same.
    tokens, held = _tokens_of(beyond, [open_key] if open_key else ())
    held = held.get(open_key)
    total = None
    if tokens is not None and held is not None and held[0] == tokens[GENERATION_KEY]:
        total = dict(held[3])
    elif open_ids:
        open_tokens, stamps = None, None
        if tokens is not None:
            open_tokens, _ = _tokens_of(open_ids)
        if open_tokens is not None:
            open_tokens = tuple(open_tokens[pk] for pk in open_ids)
        if held is not None and open_tokens is not None:
            total, stamps = _brought_up_to_date(held, open_ids, open_kinds, open_tokens, shared)
        if total is None:
            total = {}
            open_entries = _community_entries(
                open_ids, dict(zip(open_ids, open_tokens or (), strict=False)) or None, shared
            )
            for pk, kinds in zip(open_ids, open_kinds, strict=True):
                _add(total, open_entries[pk], kinds)
            stamps = tuple(open_entries[pk][0] for pk in open_ids)
        if open_tokens is not None and _safe_to_store():
            held = (tokens[GENERATION_KEY], open_tokens, stamps, total)
            try:
                cache.set(open_key, held, SITE_TIMEOUT)
            except Exception:
                log.warning("tag clouds: cache unavailable", exc_info=True)
        total = dict(total)
    total = total if total is not None else {}
    entries = _community_entries(beyond, tokens, shared)
    for pk in beyond:
        _add(total, entries[pk], _kinds_on(catalogue, pk, shared))
    return total


def _brought_up_to_date(held, open_ids, open_kinds, open_tokens, shared):
    """(the kept sum with the communities whose token changed since taken out and added again,
    their stamps), or (None, None) when the entries it added are no longer all kept."""
    _generation, held_tokens, held_stamps, held_total = held
    changed = [i for i, token in enumerate(open_tokens) if token != held_tokens[i]]
    if not changed:
        return held_total, held_stamps
    if len(changed) > CHANGED_AT_MOST:
        return None, None
    old_keys = {_site_key(open_ids[i], held_tokens[i]): i for i in changed}
    try:
        old = cache.get_many(list(old_keys))
    except Exception:
        log.warning("tag clouds: cache unavailable", exc_info=True)
        return None, None
    if len(old) != len(old_keys) or any(
        entry[0] != held_stamps[old_keys[key]] for key, entry in old.items()
    ):
        return None, None
    new = _community_entries(
        [open_ids[i] for i in changed], {open_ids[i]: open_tokens[i] for i in changed}, shared
    )
    total, stamps = dict(held_total), list(held_stamps)
    for key, i in old_keys.items():
        _add(total, old[key], open_kinds[i], sign=-1)
        _add(total, new[open_ids[i]], open_kinds[i])
        stamps[i] = new[open_ids[i]][0]
    return {tag: count for tag, count in total.items() if count}, tuple(stamps)


def site_counts(user, limit):
    """The `limit` tags most used on items `user` can see anywhere, with their counts:
    what `counted(visible_rows(user), limit)` answers, added up from per-community counts."""
    total = _site_shared_counts(user)
    own_rule = [adapter for adapter in adapters() if not adapter.uses_community_rule]
    if own_rule:
        own_types = [ContentType.objects.get_for_model(adapter.model) for adapter in own_rule]
        rows = visible_rows(user, kinds=[adapter.kind for adapter in own_rule])
        grouped = (
            rows.filter(content_type__in=own_types)  # visibility: visible_rows' rule
            .values("tag_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in grouped:
            total[row["tag_id"]] = total.get(row["tag_id"], 0) + row["count"]
    if not total:
        return []
    ranked = sorted(total.items(), key=lambda pair: -pair[1])
    if limit is not None and len(ranked) > limit:
        # Tags tied with the last one shown are ordered by name, as the count query did.
        last = ranked[limit - 1][1]
        ranked = [pair for pair in ranked if pair[1] >= last]
    names = {
        pk: (name, slug)
        for pk, name, slug in Tag.objects.filter(pk__in=[pk for pk, _ in ranked])
        .order_by("name")
        .values_list("pk", "name", "slug")
    }
    order = {pk: index for index, pk in enumerate(names)}
    ranked = sorted(
        (pair for pair in ranked if pair[0] in names),
        key=lambda pair: (-pair[1], order[pair[0]]),
    )[:limit]
    return [{"name": names[pk][0], "slug": names[pk][1], "count": count} for pk, count in ranked]
