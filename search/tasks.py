from celery import shared_task
from django.db import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def index_item_task(content_type_id, object_id):
    """Index one item as it is now (or drop its row if it is gone). Safe to run twice."""
    from .services import index_by_id

    index_by_id(content_type_id, object_id)
