"""Documents made through the real services, with real small files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services
from documents.samples import docx_bytes, pdf_bytes, png_bytes
from tests.search.helpers import committed


def upload(name="Site guide - wikis.pdf", content=None, content_type="application/pdf"):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type)


def pdf(name="Site guide - wikis.pdf", text="Site guide"):
    return upload(name, pdf_bytes(text), "application/pdf")


def png(name="Team photo.png"):
    return upload(name, png_bytes(), "image/png")


def docx(name="Agenda.docx"):
    return upload(
        name,
        docx_bytes(["Draft agenda"]),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def document(community, author, *, title="Site Guide: Wikis", description=None, file=None):
    description = description or "<p>A guide to wikis on the CoP platform.</p>"
    with committed():
        return services.document_upload(
            community=community,
            author=author,
            title=title,
            description=description,
            upload=file or pdf(),
        )
