"""Keeping the index current. Apps call these from their own services:

    from search.services import index_later, remove_item

    index_later(page)      # created or changed: re-index after commit (a Celery task)
    remove_item(document)  # deleted or hidden: out of the index now, in the same transaction

Removal is immediate and transactional on purpose: there is never a moment when deleted or
hidden content can still be found. (Re)indexing runs after commit in a Celery task (eager in
development and tests), so a slow index never slows a save and a rolled-back save indexes
nothing. The task reads the item afresh, so tasks that run late or twice do no harm.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core import handoff

from .models import DocumentTag, SearchDocument
from .registry import BODY_CHARS, adapter_for, adapters, tagged_items

logger = logging.getLogger(__name__)


def text_config():
    return getattr(settings, "SEARCH_TEXT_CONFIG", "english")


def is_postgresql():
    return connection.vendor == "postgresql"


def search_vector_expression():
    """Title above tags above body (PostgreSQL weights A, B, C)."""
    config = text_config()
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("tags", weight="B", config=config)
        + SearchVector("body", weight="C", config=config)
    )


def refresh_vectors(queryset):
    """Recompute the tsvector of these rows (PostgreSQL only; SQLite searches the text)."""
    if is_postgresql():
        queryset.update(search_vector=search_vector_expression())


def _item_tags(content_type, ids):
    """{object_id: [(tag id, tag name), ...]} for these items, names A-Z."""
    found = {}
    rows = (
        tagged_items()
        .objects.filter(content_type=content_type, object_id__in=ids)  # visibility: index build
        .order_by("tag__name")
        .values_list("object_id", "tag_id", "tag__name")
    )
    for object_id, tag_id, name in rows:
        found.setdefault(object_id, []).append((tag_id, name))
    return found


def _names(tags):
    return ", ".join(name for _id, name in tags)


def _write_tag_rows(documents, tags):
    """Make the tag index rows of these index rows (all of one content type) exactly their
    items' tags, each with the row's `updated` (tags as _item_tags gives them)."""
    DocumentTag.objects.filter(document__in=documents).delete()  # visibility: write
    DocumentTag.objects.bulk_create(
        [
            DocumentTag(
                document=document, tag_id=tag_id, updated=document.updated, kind=document.kind
            )
            for document in documents
            for tag_id, _name in tags.get(document.object_id, [])
        ]
    )


def retag(item):
    """Bring the tag index in step with the item's tags now, in the caller's transaction (the
    tags app calls this when it adds or removes a tag; the re-index that follows after commit
    writes the same rows again, with the new tag names in the row's text)."""
    content_type = ContentType.objects.get_for_model(item)
    document = SearchDocument.objects.filter(  # visibility: write
        content_type=content_type, object_id=item.pk
    ).first()
    if document is not None:
        _write_tag_rows([document], _item_tags(content_type, [item.pk]))


def fill_tag_rows(*, batch_size=50_000):
    """Add the missing tag index rows of every index row, in batches of index row ids (for
    index rows written in SQL, like the benchmark's generated ones). Returns how many."""
    TaggedItem = tagged_items()
    documents, rows, items = (
        model._meta.db_table for model in (SearchDocument, DocumentTag, TaggedItem)
    )
    added = 0
    last = SearchDocument.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with connection.cursor() as cursor:
        for start in range(0, last, batch_size):
            cursor.execute(
                f"INSERT INTO {rows} (document_id, tag_id, updated, kind) "  # noqa: S608
                f"SELECT d.id, i.tag_id, d.updated, d.kind FROM {documents} d JOIN {items} i "
                "ON i.content_type_id = d.content_type_id AND i.object_id = d.object_id "
                "WHERE d.id > %s AND d.id <= %s AND NOT EXISTS (SELECT 1 FROM "
                f"{rows} r WHERE r.document_id = d.id AND r.tag_id = i.tag_id)",
                [start, start + batch_size],
            )
            added += cursor.rowcount
    return added


# query.py marks highlights with these private-use characters; members' text never has them.
MARKERS = str.maketrans("", "", "\ue000\ue001")


def _fields(adapter, item, tags):
    author = adapter.author(item)
    community = adapter.community(item)
    return {
        "kind": adapter.kind,
        "community_id": community.pk if community is not None else None,
        "title": (adapter.title(item) or "").translate(MARKERS)[:300],
        "body": (adapter.body(item) or "").translate(MARKERS)[:BODY_CHARS],
        "tags": tags.translate(MARKERS),
        "url": adapter.url(item)[:500],
        "author_id": author.pk if author is not None else None,
        "created": adapter.created(item),
        "updated": adapter.updated(item),
    }


def index_item(item):
    """Write (or remove) the index row for `item` now. Returns the row, or None."""
    adapter = adapter_for(item)
    if adapter is None:
        raise LookupError(f"{type(item).__name__} has no search adapter")
    if not adapter.is_indexable(item):
        remove_item(item)
        return None
    content_type = ContentType.objects.get_for_model(item)
    adapter.prefetch([item])
    tags = _item_tags(content_type, [item.pk])
    fields = _fields(adapter, item, _names(tags.get(item.pk, [])))
    for attempt in range(2):
        try:
            with transaction.atomic():
                document, _ = SearchDocument.objects.update_or_create(
                    content_type=content_type, object_id=item.pk, defaults=fields
                )
                refresh_vectors(SearchDocument.objects.filter(pk=document.pk))  # visibility: write
                _write_tag_rows([document], tags)
            return document
        except IntegrityError:
            # Two tasks created the same row at once; the second one updates it instead.
            if attempt:
                raise
    return None  # pragma: no cover


def remove_item(item):
    """Take `item` out of the index now (call inside the delete/hide transaction)."""
    content_type = ContentType.objects.get_for_model(item)
    SearchDocument.objects.filter(
        content_type=content_type, object_id=item.pk
    ).delete()  # visibility: write


def index_by_id(content_type_id, object_id):
    """What the Celery task runs: index the item as it is now, or drop its row if it is gone."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    model = content_type.model_class()
    adapter = adapter_for(model) if model is not None else None
    item = adapter.queryset().filter(pk=object_id).first() if adapter is not None else None
    if item is None:
        SearchDocument.objects.filter(  # visibility: write
            content_type_id=content_type_id, object_id=object_id
        ).delete()
        return None
    return index_item(item)


def index_later(item):
    """Re-index `item` once the current transaction commits (a Celery task recorded in the same
    transaction, core/handoff.py, so a broker outage delays it but never loses it)."""
    from .tasks import index_item_task

    handoff.enqueue(index_item_task, ContentType.objects.get_for_model(item).pk, item.pk)


# --- rebuild ---------------------------------------------------------------------------------
def rebuild(*, batch_size=500, kinds=None, stdout=None):
    """Re-index every item of every registered kind (or of `kinds`), in batches, and drop rows
    whose item is gone or no longer indexable. Idempotent: running it twice changes nothing."""
    started = timezone.now()
    totals = {}
    chosen = [a for a in adapters() if kinds is None or a.kind in kinds]
    for adapter in chosen:
        content_type = ContentType.objects.get_for_model(adapter.model)
        count = 0
        last_pk = 0
        while True:
            batch = list(adapter.queryset().filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            items = [item for item in batch if adapter.is_indexable(item)]
            adapter.prefetch(items)
            tags = _item_tags(content_type, [item.pk for item in items])
            rows = [
                SearchDocument(
                    content_type=content_type,
                    object_id=item.pk,
                    **_fields(adapter, item, _names(tags.get(item.pk, []))),
                )
                for item in items
            ]
            with transaction.atomic():
                SearchDocument.objects.filter(  # visibility: write
                    content_type=content_type, object_id__in=[item.pk for item in batch]
                ).delete()
                created = SearchDocument.objects.bulk_create(rows)
                refresh_vectors(
                    SearchDocument.objects.filter(
                        pk__in=[row.pk for row in created]
                    )  # visibility: write
                )
                _write_tag_rows(created, tags)
            count += len(rows)
        stale = SearchDocument.objects.filter(
            kind=adapter.kind, indexed_at__lt=started
        )  # visibility: write
        stale.delete()
        totals[adapter.kind] = count
        if stdout is not None:
            stdout.write(f"{adapter.label_plural}: {count} indexed")
    if kinds is None:
        registered = [adapter.kind for adapter in adapters()]
        SearchDocument.objects.exclude(kind__in=registered).delete()  # visibility: write
    return totals
