"""The document library, declared once: see core/features.py."""

from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.features import CONTRIBUTES, CREATES, Feature, Figure, Verb, register
from profiles.export import authored

from . import demo
from .models import Document
from .search import DocumentAdapter

DOCUMENT_UPLOADED = Verb(
    "document_uploaded", _("Document uploaded"), _("uploaded the document"), role=CREATES
)
DOCUMENT_RATED = Verb(
    "document_rated", _("Document rated"), _("rated the document"), role=CONTRIBUTES
)


def _when(moment):
    return date_format(localtime(moment), "j M Y, H:i") if moment else ""


def _name(user):
    return user.display_name if user else gettext("someone who has left")


def archive_pages(community):
    """The community archive's document library: each document with its description and its
    current file, copied into the zip (one query)."""
    documents = (
        Document.objects.filter(community=community)
        .select_related("author", "current_version")
        .order_by(Lower("title"), "pk")
    )
    for document in documents:
        version = document.current_version
        files = []
        if version is not None and version.file:
            files.append(
                {
                    "name": version.original_name,
                    "file": version.file,
                    "meta": gettext("%(kind)s, %(size)s, version %(number)s")
                    % {
                        "kind": version.kind_label or gettext("File"),
                        "size": filesizeformat(version.size),
                        "number": version.number,
                    },
                }
            )
        yield {
            "title": document.title,
            "meta": gettext("Uploaded by %(name)s on %(when)s")
            % {"name": _name(document.author), "when": _when(document.created)},
            "body": document.description,
            "files": files,
        }


DOCUMENTS = register(
    Feature(
        key="documents",
        label=_("Documents"),
        noun=_("document library"),
        tab="documents:index",
        order=30,
        models=("documents.Document",),
        verbs=(DOCUMENT_UPLOADED, DOCUMENT_RATED),
        figures=(
            Figure("documents", _("Documents uploaded"), (DOCUMENT_UPLOADED,)),
            Figure("ratings", _("Document ratings"), (DOCUMENT_RATED,)),
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
        archive=archive_pages,
    )
)
