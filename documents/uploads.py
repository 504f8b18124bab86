"""Checking a file before it enters the document library, and naming it on the way out.

The library takes "any office document, PDF, image, etc.", so unlike attachments (an allowlist
in core.files) it refuses by a configurable blocklist (settings.DOCUMENTS_BLOCKED_EXTENSIONS)
and then looks at the file's first bytes, never at the type the browser claimed:

* a file whose extension we know (.pdf, .docx, .png…) must really be that kind of file;
* nothing may be a web page, SVG, script or program in disguise, whatever it is called;
* empty files and files over settings.DOCUMENTS_MAX_UPLOAD_MB are refused.

The content type we store (and later send) comes from this check. The member's file name is
kept for display and downloads only (cleaned: no folders, no control characters); the file is
stored under a random name (core.files.unguessable_name).
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.files import extension_of

HEAD_BYTES = 8192
DEFAULT_MAX_MB = 25
DEFAULT_BLOCKED = (
    "exe",
    "com",
    "bat",
    "cmd",
    "msi",
    "msp",
    "scr",
    "pif",
    "cpl",
    "dll",
    "sys",
    "jar",
    "apk",
    "app",
    "dmg",
    "deb",
    "rpm",
    "js",
    "mjs",
    "cjs",
    "jse",
    "vbs",
    "vbe",
    "wsf",
    "wsh",
    "ps1",
    "psm1",
    "hta",
    "lnk",
    "reg",
    "sh",
    "bash",
    "zsh",
    "csh",
    "py",
    "pyc",
    "pl",
    "rb",
    "php",
    "php3",
    "php4",
    "php5",
    "phtml",
    "phar",
    "asp",
    "aspx",
    "jsp",
    "cgi",
    "html",
    "htm",
    "xhtml",
    "shtml",
    "mht",
    "mhtml",
    "svg",
    "svgz",
    "xml",
    "xsl",
    "xslt",
    "swf",
    "htaccess",
)

# What we call each kind of content, for messages and for the Content-Type we send.
KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "png": ("image/png", gettext_lazy("PNG image")),
    "jpeg": ("image/jpeg", gettext_lazy("JPEG image")),
    "gif": ("image/gif", gettext_lazy("GIF image")),
    "webp": ("image/webp", gettext_lazy("WebP image")),
    "tiff": ("image/tiff", gettext_lazy("TIFF image")),
    "bmp": ("image/bmp", gettext_lazy("BMP image")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        gettext_lazy("Word document"),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        gettext_lazy("Excel workbook"),
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        gettext_lazy("PowerPoint presentation"),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", gettext_lazy("OpenDocument text")),
    "ods": (
        "application/vnd.oasis.opendocument.spreadsheet",
        gettext_lazy("OpenDocument spreadsheet"),
    ),
    "odp": (
        "application/vnd.oasis.opendocument.presentation",
        gettext_lazy("OpenDocument presentation"),
    ),
    "ole": ("application/x-ole-storage", gettext_lazy("Microsoft Office 97–2003 file")),
    "rtf": ("application/rtf", gettext_lazy("Rich Text document")),
    "zip": ("application/zip", gettext_lazy("ZIP archive")),
    "text": ("text/plain", gettext_lazy("plain text file")),
    "binary": ("application/octet-stream", gettext_lazy("file")),
}
# Which kinds of content each known extension may hold.
EXPECTED = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpeg"},
    "jpeg": {"jpeg"},
    "gif": {"gif"},
    "webp": {"webp"},
    "tif": {"tiff"},
    "tiff": {"tiff"},
    "bmp": {"bmp"},
    "docx": {"docx"},
    "docm": {"docx"},
    "xlsx": {"xlsx"},
    "xlsm": {"xlsx"},
    "pptx": {"pptx"},
    "odt": {"odt"},
    "ods": {"ods"},
    "odp": {"odp"},
    "doc": {"ole", "rtf"},
    "xls": {"ole"},
    "ppt": {"ole"},
    "msg": {"ole"},
    "rtf": {"rtf"},
    "zip": {"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp"},
    "txt": {"text"},
    "csv": {"text"},
    "tsv": {"text"},
    "md": {"text"},
}
CONTENT_TYPE_FOR_EXTENSION = {
    "zip": "application/zip",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "md": "text/markdown",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "msg": "application/vnd.ms-outlook",
    "docm": "application/vnd.ms-word.document.macroEnabled.12",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
}

# Browsers render these as pages (WHATWG MIME sniffing, "HTML" patterns, plus SVG and XML).
MARKUP = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<iframe|<h1|<div|<font|<table|<a[\s>]"
    rb"|<style|<title|<b[\s>]|<br|<p[\s>]|<!--|<svg|<\?xml|<object|<embed|<img|<meta|<link"
    rb"|<form|<math|<xsl)",
    re.IGNORECASE,
)
ACTIVE_CONTENT = re.compile(rb"<\s*(script|svg|html|iframe|object|embed)\b", re.IGNORECASE)
PROGRAMS = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xca\xfe\xba\xbe", "a program"),
    (b"\xfe\xed\xfa\xce", "a program"),
    (b"\xfe\xed\xfa\xcf", "a program"),
    (b"\xcf\xfa\xed\xfe", "a program"),
    (b"#!", "a script"),
)
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class DocumentPolicy:
    max_bytes: int
    blocked_extensions: frozenset

    @classmethod
    def from_settings(cls):
        megabytes = getattr(settings, "DOCUMENTS_MAX_UPLOAD_MB", DEFAULT_MAX_MB)
        blocked = getattr(settings, "DOCUMENTS_BLOCKED_EXTENSIONS", DEFAULT_BLOCKED)
        return cls(
            max_bytes=int(megabytes * 1024 * 1024),
            blocked_extensions=frozenset(ext.lower().lstrip(".") for ext in blocked),
        )

    @property
    def description(self):
        return _(
            "Office documents, PDFs, images, text files and archives, up to %(size)s. Web pages, "
            "scripts and programs cannot be shared."
        ) % {"size": filesizeformat(self.max_bytes)}


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the member's file name, cleaned
    content_type: str
    kind_label: str
    size: int


def clean_filename(name, fallback="document"):
    """The member's file name without folders, control characters or leading dots."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if not name or name in {".", ".."}:
        return fallback
    if len(name) > 200:
        stem, extension = os.path.splitext(name)
        name = stem[: 200 - len(extension)] + extension
    return name


def _read_head(upload):
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _zip_kind(upload):
    """'docx', 'xlsx', 'pptx', 'odt'… for office files (which are ZIP archives), else 'zip'."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "ignore").strip()
                for kind in ("odt", "ods", "odp"):
                    if mimetype == KINDS[kind][0]:
                        return kind
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
                if any(n.startswith("ppt/") for n in names):
                    return "pptx"
            return "zip"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "binary"
    finally:
        upload.seek(0)


def _is_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off at the end of the sample is still text.
        if error.start < len(head) - 4:
            return False
    return True


def sniff(upload, head=None):
    """What the file's content says it is: one of KINDS, or 'markup'/'program' (refused)."""
    head = _read_head(upload) if head is None else head
    body = head
    for bom in BOMS:
        if body.startswith(bom):
            body = body[len(bom) :]
    if body.startswith(b"%PDF-"):
        return "pdf"
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if body.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if body[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "webp"
    if body[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if body.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if body.startswith(b"{\\rtf"):
        return "rtf"
    if body[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_kind(upload)
    for magic, _kind in PROGRAMS:
        if body.startswith(magic):
            return "program"
    # UTF-16 text (a BOM we stripped) is text for our purposes; look for markup in it too.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        decoded = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
        return "markup" if MARKUP.match(decoded) or ACTIVE_CONTENT.search(decoded) else "text"
    if MARKUP.match(body):
        return "markup"
    if _is_text(body):
        return "markup" if ACTIVE_CONTENT.search(body) else "text"
    if body.startswith(b"BM") and len(body) > 14:
        return "bmp"
    return "binary"


def check_upload(upload, policy=None):
    """Refuse with a message the member can act on, or return what the file really is."""
    policy = policy or DocumentPolicy.from_settings()
    name = clean_filename(getattr(upload, "name", ""))
    size = upload.size or 0
    if size == 0:
        raise ValidationError(
            _(
                "“%(name)s” is empty (0 bytes). Check you chose the right file, then choose it "
                "again."
            )
            % {"name": name},
            code="empty",
        )
    if size > policy.max_bytes:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s; files can be at most %(limit)s. Make it smaller (for "
                "example save images at a lower resolution), or share a link to it instead."
            )
            % {
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(policy.max_bytes),
            },
            code="too_big",
        )
    extension = extension_of(name)
    if not extension:
        raise ValidationError(
            _(
                "“%(name)s” has no file type at the end of its name (like .pdf or .docx). Rename "
                "it and choose it again."
            )
            % {"name": name},
            code="no_extension",
        )
    if extension in policy.blocked_extensions:
        raise ValidationError(
            _(
                "“%(name)s” cannot be shared here: .%(upper)s files can contain web pages, "
                "scripts or programs that would run on other members' computers. Share it as a "
                "PDF or an office document, or in a ZIP archive."
            )
            % {"name": name, "upper": extension.upper()},
            code="blocked",
        )
    kind = sniff(upload)
    if kind == "markup":
        raise ValidationError(
            _(
                "“%(name)s” contains a web page, SVG or script, which cannot be shared here. If "
                "it is a document, save it as a PDF and upload that."
            )
            % {"name": name},
            code="disguised",
        )
    if kind == "program":
        raise ValidationError(
            _("“%(name)s” is a program or script, which cannot be shared here.") % {"name": name},
            code="disguised",
        )
    expected = EXPECTED.get(extension)
    if expected is not None and kind not in expected:
        wanted = KINDS[sorted(expected)[0]][1]
        raise ValidationError(
            _(
                "“%(name)s” does not look like a %(wanted)s: it may be damaged, or have the wrong "
                "name. Open it, save it again as .%(extension)s, and upload that."
            )
            % {"name": name, "wanted": wanted, "extension": extension},
            code="mismatch",
        )
    if expected is None:
        # Not a type we know: stored and always sent as a plain download.
        content_type = "application/octet-stream"
    else:
        content_type = CONTENT_TYPE_FOR_EXTENSION.get(extension, KINDS[kind][0])
    return CheckedFile(name=name, content_type=content_type, kind_label=KINDS[kind][1], size=size)


def content_disposition(name, *, inline=False):
    """`attachment; filename="report.pdf"; filename*=UTF-8''r%C3%A9port.pdf` (RFC 6266)."""
    name = clean_filename(name, fallback="download")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r'["\\;]', "", ascii_name).strip() or "download"
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
