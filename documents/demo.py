"""Demo documents for `make run` (seed_demo): real small PDF, Word and PNG files made in code,
with versions, ratings and tags. Idempotent: a document with the same title in the same
community is left alone. Runs after the forums, blogs and wikis demos, so it also (re)builds the
search index for everything seeded so far."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Avg, Count
from django.utils import timezone

from core.files import unguessable_name
from search.services import rebuild
from tags.demo import tag_item

from .models import Document, DocumentVersion, Rating
from .samples import docx_bytes, pdf_bytes, png_bytes

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


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    now = timezone.now()
    for key, title, description, uploader, versions, ratings, tags in DOCUMENTS:
        community = communities.get(key)
        if community is None:
            continue
        document = Document.objects.filter(community=community, title=title).first()
        if document is None:
            document = Document.objects.create(
                community=community, title=title, description=description, author=users[uploader]
            )
            for number, (name, content, (content_type, label), note, by, days) in enumerate(
                versions, start=1
            ):
                version = DocumentVersion(
                    document=document,
                    number=number,
                    original_name=name,
                    size=len(content),
                    content_type=content_type,
                    kind_label=label,
                    note=note or "First version.",
                    uploaded_by=users[by],
                    created=now - timedelta(days=days),
                )
                version.file.save(unguessable_name(name, "documents"), ContentFile(content))
            Document.objects.filter(pk=document.pk).update(
                current_version=version,
                version_count=len(versions),
                created=now - timedelta(days=versions[0][5]),
                updated=version.created,
            )
            for user_key, stars in ratings.items():
                Rating.objects.get_or_create(
                    user=users[user_key], document=document, defaults={"stars": stars}
                )
            totals = document.ratings.aggregate(avg=Avg("stars"), n=Count("pk"))
            Document.objects.filter(pk=document.pk).update(
                rating_avg=Decimal(str(round(totals["avg"] or 0, 2))), rating_count=totals["n"]
            )
        for name in tags:
            tag_item(document, name, users[uploader], community)
    # Everything seeded so far (forum topics, blog entries, wiki pages, documents) into the
    # search index, as the services would have done.
    rebuild()
