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

from .models import SearchDocument
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


def _tag_names(content_type, ids):
    names = {}
    rows = (
        tagged_items()
        .objects.filter(content_type=content_type, object_id__in=ids)  # visibility: index build
        .order_by("tag__name")
        .values_list("object_id", "tag__name")
    )
    for object_id, name in rows:
        names.setdefault(object_id, []).append(name)
    return {object_id: ", ".join(tags) for object_id, tags in names.items()}


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
    fields = _fields(adapter, item, _tag_names(content_type, [item.pk]).get(item.pk, ""))
    for attempt in range(2):
        try:
            with transaction.atomic():
                document, _ = SearchDocument.objects.update_or_create(
                    content_type=content_type, object_id=item.pk, defaults=fields
                )
                refresh_vectors(SearchDocument.objects.filter(pk=document.pk))  # visibility: write
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
            tags = _tag_names(content_type, [item.pk for item in items])
            rows = [
                SearchDocument(
                    content_type=content_type,
                    object_id=item.pk,
                    **_fields(adapter, item, tags.get(item.pk, "")),
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
