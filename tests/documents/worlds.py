"""Permission-matrix worlds with a document library in them, built on the communities scenarios.

`docs_<base>` (base = public, private, sub_private, archived) is the communities world plus a
document uploaded by `member` (a real PDF, one version), rated 4 stars by `facilitator`, tagged
"guide" by `facilitator` (world.extra["document"], ["tag"]), in the search index.

In private worlds the document's title, description and file name carry canary tokens.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.models import Document, DocumentVersion, Rating
from documents.samples import pdf_bytes
from search.services import index_item
from tests.permissions.world import register_scenario
from tests.wikis.worlds import BASES, secret, tag

# One shared file for every world, written once: worlds never accumulate files under MEDIA_ROOT.
WORLD_FILE = "test-worlds/site-guide.pdf"


def world_file():
    if not default_storage.exists(WORLD_FILE):
        default_storage.save(WORLD_FILE, ContentFile(pdf_bytes("Site guide")))
    return WORLD_FILE


def build(world, base):
    BASES[base](world)
    community = world.community
    member, facilitator = world.users["member"], world.users["facilitator"]
    document = Document.objects.create(
        community=community,
        title="Site Guide: Wikis" + secret(world, community, "document title"),
        description="<p>A guide to wikis"
        + secret(world, community, "document description")
        + ".</p>",
        author=member,
        version_count=1,
        rating_avg=4,
        rating_count=1,
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        file=world_file(),
        original_name="site-guide" + secret(world, community, "file name").strip() + ".pdf",
        size=len(pdf_bytes("Site guide")),
        content_type="application/pdf",
        kind_label="PDF",
        note="First version.",
        uploaded_by=member,
    )
    document.current_version = version
    document.save(update_fields=["current_version"])
    Rating.objects.create(user=facilitator, document=document, stars=4)
    world.extra["document"] = document
    world.extra["tag"] = tag(document, "guide", facilitator, community)
    index_item(document)


for _base in BASES:
    register_scenario(f"docs_{_base}")(lambda world, base=_base: build(world, base))
