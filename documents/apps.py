from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Document library"

    def ready(self):
        from .exports import register_exports

        register_exports()
        from search.registry import register

        from .models import Document
        from .search import DocumentAdapter

        register(Document, DocumentAdapter())
