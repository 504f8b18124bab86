"""How a document appears in the search index (declared in documents/features.py)."""

from django.utils.translation import gettext_lazy as _

from richtext.sanitise import html_to_text
from search.registry import Adapter


class DocumentAdapter(Adapter):
    kind, label, label_plural = "document", _("Document"), _("Documents")

    def queryset(self):
        return self.model.objects.select_related("community", "author", "current_version")

    def body(self, document):
        version = document.current_version
        name = version.original_name if version is not None else ""
        return f"{html_to_text(document.description)} {name}".strip()
