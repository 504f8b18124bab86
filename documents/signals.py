"""Receivers that keep the library right when its rows go away without its services: a site
admin deleting a community (documents and versions go by cascade) or a user row (their ratings
go by cascade). Connected in DocumentsConfig.ready.

This is data integrity rather than a side effect, which is why these are receivers and not
calls from a service (compare profiles/signals.py): a cascade runs no service of ours.
"""

from django.db import transaction

from .models import Rating


def delete_version_file(sender, instance, **kwargs):
    """post_delete of a DocumentVersion: remove its file once the deletion commits.

    Never before: a rolled-back delete keeps both the row and its file. robust=True, so a
    storage that is down logs an error instead of failing whatever else is committing; deleting
    a file that is already gone is harmless (FileSystemStorage and S3 both ignore it).
    """
    if not instance.file:
        return
    storage, name = instance.file.storage, instance.file.name
    transaction.on_commit(lambda: storage.delete(name), robust=True)


def note_rated_documents(sender, instance, **kwargs):
    """pre_delete of a user: remember which documents they rated, before the cascade."""
    instance._rated_document_ids = list(
        Rating.objects.filter(user=instance).values_list("document_id", flat=True)
    )


def recount_rated_documents(sender, instance, **kwargs):
    """post_delete of a user: their ratings are gone, so recount those documents' averages,
    in the same transaction (a rollback restores the ratings and the old numbers together)."""
    from .services import ratings_recount

    ratings_recount(getattr(instance, "_rated_document_ids", ()))
