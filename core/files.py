"""Uploaded files: one way to check them on the way in and one way to serve them on the way out.

Used by forum and blog attachments (richtext.Attachment) and meant for the document library,
profile photos and anything else members upload:

    from core.files import UploadPolicy, validate_upload, unguessable_name, serve_file

    policy = UploadPolicy.from_settings()          # sizes and types from settings.UPLOADS
    validate_upload(upload, policy)                # raises ValidationError with a clear message
    attachment.file.save(unguessable_name(upload.name), upload)
    return serve_file(attachment.file, filename=attachment.name)   # after YOUR permission check

Serving never trusts the stored file: anything but a short list of raster image types is sent
as a download (`Content-Disposition: attachment`), HTML and SVG are never shown inline, and
`X-Content-Type-Options: nosniff` stops the browser from guessing otherwise. Files live under
random names, so a guessed URL of the storage itself reveals nothing; but the storage is not a
public URL at all: always serve through a view that has checked visibility first. The file is
read through Django's storage API (never a filesystem path), so the same views stream from local
disk or from the private S3-compatible bucket that COP_STORAGE=s3 configures.
"""

import mimetypes
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

# Shown inline (in an <img> or the browser) when asked; everything else is a download.
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}

# The first bytes of each inline image type: a file called photo.png that is really HTML is
# refused rather than stored under an image type.
IMAGE_SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}

DEFAULT_ALLOWED_EXTENSIONS = (
    # documents
    "pdf", "doc", "docx", "odt", "rtf", "txt", "csv", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
    # images
    "png", "jpg", "jpeg", "gif", "webp",
    # archives
    "zip",
)  # fmt: skip
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class UploadPolicy:
    max_bytes: int = DEFAULT_MAX_BYTES
    allowed_extensions: tuple = DEFAULT_ALLOWED_EXTENSIONS

    @classmethod
    def from_settings(cls, **overrides):
        configured = getattr(settings, "UPLOADS", {})
        values = {
            "max_bytes": configured.get("MAX_BYTES", DEFAULT_MAX_BYTES),
            "allowed_extensions": tuple(
                configured.get("ALLOWED_EXTENSIONS", DEFAULT_ALLOWED_EXTENSIONS)
            ),
        }
        values.update(overrides)
        return cls(**values)

    @property
    def description(self):
        """For help text: 'PDF, DOC, … up to 10 MB each.'"""
        kinds = ", ".join(ext.upper() for ext in self.allowed_extensions)
        return _("%(kinds)s; up to %(size)s each.") % {
            "kinds": kinds,
            "size": filesizeformat(self.max_bytes),
        }


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def guess_type(name):
    return mimetypes.guess_type(f"x.{extension_of(name)}")[0] or "application/octet-stream"


def validate_upload(upload, policy=None):
    """Refuse empty, oversized or unexpected files with a message the member can act on."""
    policy = policy or UploadPolicy.from_settings()
    name = os.path.basename(upload.name or "")
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > policy.max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(policy.max_bytes),
            },
            code="too_big",
        )
    extension = extension_of(name)
    if extension not in policy.allowed_extensions:
        allowed = ", ".join(ext.upper() for ext in policy.allowed_extensions)
        raise ValidationError(
            _("“%(name)s” is not a type of file we accept. Accepted types: %(allowed)s.")
            % {"name": name, "allowed": allowed},
            code="bad_type",
        )
    content_type = guess_type(name)
    if content_type in IMAGE_SIGNATURES:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(IMAGE_SIGNATURES[content_type]):
            raise ValidationError(
                _("“%(name)s” does not look like a %(kind)s image.")
                % {"name": name, "kind": extension.upper()},
                code="bad_image",
            )
    return content_type


def unguessable_name(original_name, folder="uploads"):
    """A storage path nobody can guess; the member's file name is kept in the database only."""
    extension = extension_of(original_name)
    token = secrets.token_urlsafe(24)
    return f"{folder}/{token[:2]}/{token}{'.' + extension if extension else ''}"


def display_filename(name):
    """A safe file name for the download header (no paths, quotes or control characters)."""
    cleaned = get_valid_filename(os.path.basename(name or "")) if name else ""
    return cleaned or "download"


def serve_file(field_file, *, filename, content_type=None, inline_if_image=True):
    """Stream a stored file. Call only after checking that the viewer may see it."""
    content_type = content_type or guess_type(filename)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing.") from None
    inline = inline_if_image and content_type in INLINE_IMAGE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=display_filename(filename),
        content_type=content_type
        if inline
        else "application/octet-stream"
        if content_type in {"text/html", "image/svg+xml", "application/xhtml+xml"}
        else content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A downloaded file never runs with this site's origin, even if a browser renders it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
