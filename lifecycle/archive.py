"""The community archive: a zip of static HTML pages that open from disk with no server.

Each feature says what it puts in the archive through its registry entry (`Feature.archive`,
declared in its `features.py`): a function `archive(community)` returning an iterable of plain
dicts, one per page, with only what every member of that community may see there (no removed
items, no drafts, no poll results that are not yet public, nothing from sub-communities):

    {
        "title": "Online tools we use and love",          # the page's heading and link text
        "meta": "Started by Ann Lee on 3 May 2024",        # one line under the heading
        "body": "<p>…</p>",                                 # sanitised rich text (optional)
        "facts": [("Where", "Council House"), …],           # a definition list (optional)
        "parts": [{"heading": "Ann Lee", "meta": "3 May 2024", "body": "<p>…</p>"}, …],
        "files": [{"name": "agenda.pdf", "file": <FieldFile>, "meta": "PDF, 20 KB"}],
    }

`lifecycle` renders every page with its own templates (templates/lifecycle/archive/), so it
needs no list of features: a feature switched off in the community (or in a parent) is skipped,
and a new feature appears in the archive by declaring `archive`. Pages link to each other with
relative links, the CSS is inline, rich text loses anything that would load from elsewhere
(images, frames, media), and document files are copied into the zip next to an index page.
"""

import os
import re
import secrets
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext

from core import features as feature_registry

from .models import ArchiveBuild, Closedown

# Tags that would make the browser fetch something: dropped from archived rich text (an image
# keeps its alt text). Links stay: following one is the reader's choice, not a request.
LOADING_TAGS = re.compile(
    r"<(img|iframe|video|audio|source|track|object|embed|picture|link|script|style)\b[^>]*>"
    r"(?:.*?</\1>)?",
    re.IGNORECASE | re.DOTALL,
)
ALT_TEXT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)


def offline_html(html):
    """Rich text that loads nothing: remote images and embeds become their alt text or go."""

    def replace(match):
        if match.group(1).lower() == "img":
            alt = ALT_TEXT.search(match.group(0))
            return f"[{alt.group(1)}]" if alt and alt.group(1) else ""
        return ""

    return LOADING_TAGS.sub(replace, html or "")


@dataclass
class Section:
    key: str
    label: str
    pages: list  # (file name, title, meta)
    files: int = 0


def sections_for(community):
    """(feature, adapter) for each feature switched on in `community` that declares an archive."""
    enabled = set(community.enabled_features)
    return [
        feature
        for feature in feature_registry.features()
        if feature.archive is not None and feature.key in enabled
    ]


class Writer:
    """Renders pages into an open zip file, under one folder named after the community."""

    def __init__(self, zf, community):
        self.zf = zf
        self.community = community
        self.root = slugify(community.slug) or "community"
        self.generated = timezone.now()
        self.css = render_to_string("lifecycle/archive/style.css")

    def page(self, path, template, context, depth):
        up = "../" * depth
        html = render_to_string(
            template,
            {
                "community": self.community,
                "css": self.css,
                "up": up,
                "generated": self.generated,
                "SITE_NAME": settings.SITE_NAME,
                **context,
            },
        )
        self.zf.writestr(f"{self.root}/{path}", html)

    def copy_file(self, path, field_file):
        with field_file.open("rb") as source, self.zf.open(f"{self.root}/{path}", "w") as target:
            while chunk := source.read(1024 * 1024):
                target.write(chunk)


def _clean_item(item):
    return {
        **item,
        "body": offline_html(item.get("body", "")),
        "parts": [{**part, "body": offline_html(part.get("body", ""))} for part in item["parts"]]
        if item.get("parts")
        else [],
    }


def write_section(writer, feature, items):
    """Write one feature's pages and return its Section (for the index)."""
    section = Section(feature.key, feature.label, pages=[])
    used = set()
    for number, item in enumerate(items, start=1):
        item = _clean_item(item)
        files = []
        for document_file in item.get("files") or ():
            name = get_valid_filename(os.path.basename(document_file["name"])) or "file"
            stored = f"files/{number}-{name}"
            if stored in used:
                continue
            used.add(stored)
            writer.copy_file(f"{feature.key}/{stored}", document_file["file"])
            files.append({**document_file, "href": stored})
            section.files += 1
        name = f"{number}-{slugify(item['title'])[:60] or 'item'}.html"
        writer.page(
            f"{feature.key}/{name}",
            "lifecycle/archive/item.html",
            {"section": section, "item": item, "files": files},
            depth=1,
        )
        section.pages.append((name, item["title"], item.get("meta", "")))
    writer.page(
        f"{feature.key}/index.html",
        "lifecycle/archive/section.html",
        {"section": section},
        depth=1,
    )
    return section


def build(build_id):
    """Build the archive of `build_id` into a zip in Django's storage, recording progress as
    each feature's section is written. Returns the build."""
    build = ArchiveBuild.objects.select_related("community").get(pk=build_id)
    if build.status in (ArchiveBuild.Status.READY, ArchiveBuild.Status.FAILED):
        return build  # a redelivered task: the work is done
    community = type(build.community).objects.with_ancestors().get(pk=build.community_id)
    features = sections_for(community)
    build.status = ArchiveBuild.Status.BUILDING
    build.steps_total, build.steps_done = len(features) + 1, 0
    build.save(update_fields=["status", "steps_total", "steps_done", "updated"])
    closedown = Closedown.objects.filter(community=community).select_related("successor").first()
    sections = []
    with tempfile.TemporaryFile() as scratch:
        with zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            writer = Writer(zf, community)
            for feature in features:
                sections.append(write_section(writer, feature, feature.archive(community)))
                build.steps_done += 1
                build.save(update_fields=["steps_done", "updated"])
            lessons = closedown if closedown is not None and closedown.has_lessons else None
            if lessons is not None:
                writer.page(
                    "lessons-learned.html",
                    "lifecycle/archive/lessons.html",
                    {
                        "closedown": lessons,
                        "parts": [
                            (gettext("What worked"), offline_html(lessons.what_worked)),
                            (gettext("What did not work"), offline_html(lessons.what_did_not)),
                            (gettext("Outputs"), offline_html(lessons.outputs)),
                        ],
                    },
                    depth=0,
                )
            writer.page(
                "index.html",
                "lifecycle/archive/index.html",
                {"sections": sections, "lessons": lessons},
                depth=0,
            )
        size = scratch.tell()
        scratch.seek(0)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        # Under a folder nobody can guess; served only through the permission-checked view.
        name = f"{secrets.token_urlsafe(18)}/{writer.root}-archive-{stamp}.zip"
        build.file.save(name, File(scratch), save=False)
    build.size = size
    build.item_count = sum(len(section.pages) for section in sections)
    build.steps_done = build.steps_total
    build.status = ArchiveBuild.Status.READY
    build.finished_at = timezone.now()
    build.save()
    return build
