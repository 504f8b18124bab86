"""The document library, declared once: see core/features.py."""

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Document
from .search import DocumentAdapter

DOCUMENT_UPLOADED = Verb(
    "document_uploaded", "Document uploaded", "uploaded the document", role=CREATES
)
DOCUMENT_RATED = Verb("document_rated", "Document rated", "rated the document", role=CONTRIBUTES)

DOCUMENTS = register(
    Feature(
        key="documents",
        label="Documents",
        noun="document library",
        tab="documents:index",
        order=30,
        models=("documents.Document",),
        verbs=(DOCUMENT_UPLOADED, DOCUMENT_RATED),
        figures=(
            Figure("documents", "Documents uploaded", (DOCUMENT_UPLOADED,)),
            Figure("ratings", "Document ratings", (DOCUMENT_RATED,)),
        ),
        search=(DocumentAdapter(Document),),
        exports={
            "documents": authored(
                Document,
                author_field="author",
                fields=["id", "community__name", "title", "description", "created"],
            )
        },
        demo=demo.seed,
    )
)
