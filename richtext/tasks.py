from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def notify_mentions_task(**kwargs):
    """Tell the members mentioned in an item (richtext/mentions.py); safe to run twice."""
    from .mentions import notify_mentions_by_id

    notify_mentions_by_id(**kwargs)
