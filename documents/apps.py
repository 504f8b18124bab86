from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Document library")

    def ready(self):

        from django.conf import settings
        from django.db.models.signals import post_delete, pre_delete

        from . import signals
        from .models import DocumentVersion

        post_delete.connect(
            signals.delete_version_file,
            sender=DocumentVersion,
            dispatch_uid="documents_delete_version_file",
        )
        pre_delete.connect(
            signals.note_rated_documents,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="documents_note_rated_documents",
        )
        post_delete.connect(
            signals.recount_rated_documents,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="documents_recount_rated_documents",
        )
