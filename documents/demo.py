"""Demo documents for `make run` (seed_demo): real small PDF, Word and PNG files made in code,
with versions, ratings and tags, made through the library's services (quietly, see core.quiet)
at the dates of the story (core.storytime): each rating a day after the one before, from the
day after the first upload. Idempotent: a document with the same title in the same community is
left alone."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.storytime import at, backdate
from tags.services import tag_add

from .models import Document, Rating
from .samples import docx_bytes, pdf_bytes, png_bytes
from .services import document_rate, document_upload, version_add

PDF = ("application/pdf", "PDF")
DOCX = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
)
PNG = ("image/png", "PNG image")

# community key, title, description, uploader, [(file name, bytes, kind, note, by, days ago)],
# ratings {user: stars}, tags
DOCUMENTS = [
    (
        "social",
        "Communities of practice - a presentation for staff and users",
        "<p>A presentation we do in Kent for our community of practice pilots. Please let me "
        "know if this presentation is meaningful, and any improvements you would make.</p>",
        "owen",
        [("CoP presentation.pdf", pdf_bytes("Communities of practice"), PDF, "", "owen", 40)],
        {"grace": 5, "mei": 4, "member": 5},
        ["presentation", "CoP"],
    ),
    (
        "social",
        "Site Guide: Wikis",
        "<p>A guide to wikis on the CoP platform. Feel free to download, and edit if you need "
        "to.</p>",
        "grace",
        [
            ("Site guide - wikis.docx", docx_bytes(["Site guide: wikis"]), DOCX, "", "grace", 30),
            (
                "Site guide - wikis v2.docx",
                docx_bytes(["Site guide: wikis", "Now with related entries."]),
                DOCX,
                "Explains related entries and the reason for update",
                "mei",
                4,
            ),
        ],
        {"owen": 4, "tom": 5},
        ["guide", "wiki"],
    ),
    (
        "social",
        "The Power of Information",
        "<p>Tom Steinberg and Ed Mayo's report on the potential for using social media to "
        "share information in government.</p>",
        "member",
        [
            (
                "Power of information.pdf",
                pdf_bytes("The Power of Information"),
                PDF,
                "",
                "member",
                60,
            )
        ],  # fmt: skip
        {"grace": 3},
        ["report", "publicsector", "information"],
    ),
    (
        "social",
        "Photo from the Big Day Out",
        "<p>The session planning board at lunchtime.</p>",
        "mei",
        [("Big day out.png", png_bytes((120, 80)), PNG, "", "mei", 2)],
        {},
        ["event", "barcamp"],
    ),
    (
        "adoption",
        "Panel minutes template",
        "<p>The template we use in Sunderland for adoption panel minutes.</p>",
        "facilitator",
        [
            (
                "Panel minutes template.docx",
                docx_bytes(["Adoption panel minutes"]),
                DOCX,
                "",
                "facilitator",
                14,
            )
        ],  # fmt: skip
        {"priya": 5},
        ["adoption", "panel", "template"],
    ),
]


def _upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    for key, title, description, uploader, versions, ratings, tags in DOCUMENTS:
        community = communities.get(key)
        if community is None or Document.objects.filter(community=community, title=title).exists():
            continue
        (name, content, (content_type, _), _, by, days), *later = versions
        first = now - timedelta(days=days)
        with at(first):
            document = document_upload(
                community=community,
                author=users[uploader],
                title=title,
                description=description,
                upload=_upload(name, content, content_type),
            )
            tag_add(user=users[uploader], item=document, names=tags)
        backdate(document, first)
        backdate(document.current_version, first)
        for name, content, (content_type, _), note, by, days in later:
            when = now - timedelta(days=days)
            with at(when):
                version = version_add(
                    document=document,
                    by=users[by],
                    upload=_upload(name, content, content_type),
                    note=note,
                )
            backdate(version, when)
            backdate(document, when, "updated", created=False)
        for n, (user_key, stars) in enumerate(ratings.items(), start=1):
            when = min(first + timedelta(days=n), now - timedelta(hours=n))
            with at(when):
                document_rate(document=document, user=users[user_key], stars=stars)
            backdate(Rating.objects.get(document=document, user=users[user_key]), when)
