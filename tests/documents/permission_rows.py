"""Every document-library URL × every role × (public, private, sub-community, archived).

Any member may upload, add a version and rate; the uploader (`member` here) and facilitators
may change a document's details (facilitators not in an archive) and delete it (facilitators
also in an archive, tidying up is part of closedown); files are served to whoever can see the
document.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.samples import docx_bytes
from tests.documents import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, obj, signed_in, slug
from tests.wikis.permission_rows import VIEW, members


def uploader_or_moderator(status, base):
    """Change details: the uploader and facilitators/site admins, never in an archive."""
    if base == "archived":
        return signed_in(403)
    extra = {"outsider": 404} if base == "sub_private" else {}
    return signed_in(403, member=status, facilitator=status, admin=status, **extra)


def deleters(status, base):
    """Delete: the uploader while open; facilitators and site admins always."""
    extra = {"outsider": 404} if base == "sub_private" else {}
    if base == "archived":
        return signed_in(403, facilitator=status, admin=status)
    return signed_in(403, member=status, facilitator=status, admin=status, **extra)


doc = obj("document")


def version_1(w):
    return {**doc(w), "number": 1}


def a_file(name="Agenda.docx"):
    return SimpleUploadedFile(
        name,
        docx_bytes(["Agenda"]),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def upload_data(w):
    return {"title": "Draft agenda", "description": "", "file": a_file()}


def version_data(w):
    return {"note": "Added the speakers", "file": a_file()}


def details_data(w):
    return {
        "title": "Site Guide: Wikis (2024)",
        "description": "<p>Updated.</p>",
        "base_version": w.extra["document"].edit_version,
    }


def rows_for(base):
    scenario = f"docs_{base}"
    view = VIEW[base]
    return {
        "index": Row("documents:index", view, scenario, kwargs=slug, query="sort=rated"),
        "detail": Row("documents:detail", view, scenario, kwargs=doc),
        "file": Row("documents:file", view, scenario, kwargs=doc),
        "version_file": Row("documents:version_file", view, scenario, kwargs=version_1),
        "upload": Row("documents:upload", members(200, base), scenario, kwargs=slug),
        "upload POST": Row(
            "documents:upload", members(302, base), scenario, "POST", slug, upload_data
        ),
        "version_new": Row("documents:version_new", members(200, base), scenario, kwargs=doc),
        "version_new POST": Row(
            "documents:version_new", members(302, base), scenario, "POST", doc, version_data
        ),
        "rate POST": Row(
            "documents:rate", members(302, base), scenario, "POST", doc, {"stars": "5"}
        ),
        "edit": Row("documents:edit", uploader_or_moderator(200, base), scenario, kwargs=doc),
        "edit POST": Row(
            "documents:edit", uploader_or_moderator(302, base), scenario, "POST", doc, details_data
        ),
        "delete": Row("documents:delete", deleters(200, base), scenario, kwargs=doc),
        "delete POST": Row("documents:delete", deleters(302, base), scenario, "POST", doc),
    }


ROWS = [
    *rows_for("public").values(),
    *rows_for("private").values(),
    *(rows_for("sub_private")[key] for key in ("index", "detail", "file", "upload POST")),
    *(
        rows_for("archived")[key]
        for key in ("detail", "file", "upload POST", "rate POST", "edit", "delete POST")
    ),
    Row("documents:rate", signed_in(405), "docs_public", kwargs=doc, note="GET not allowed"),
]
