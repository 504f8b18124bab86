"""Helpers for tests of the knowledge apps (wikis, documents, tags, search)."""

from contextlib import contextmanager

from django.test import TestCase


@contextmanager
def committed():
    """Run what the block queues with transaction.on_commit (search indexing) as if it had
    committed. Tests run inside a transaction that never commits, so without this the index
    would never see their writes; the index task itself runs eagerly (CELERY_TASK_ALWAYS_EAGER).
    """
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        yield callbacks
