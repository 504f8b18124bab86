"""Permission-matrix worlds for toolkits, closedown and the community archive.

`life_<base>` is the communities world `<base>` plus, written before any closedown: the forum,
blog entry, events, poll and news of the conversation and events worlds, a wiki page and a
document with its file; a closedown record with lessons learned (world.extra["closedown"]);
the facilitator's tick on the first task of the community's stage; and a ready archive build
(world.extra["build"]) holding a small zip.

- life_public:      public, at the nurture stage (the closedown pages refuse: not in closedown);
- life_private:     private and in closedown, read-only a week from now (still open);
- life_sub_private: a private sub-community of a private community, at nurture;
- life_archived:    public, in closedown and read-only already;
- life_nofeatures:  public, in closedown (open), with the forum and wiki switched off.

In private worlds every text carries canary tokens visible only to the members (raw Membership).
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from communities.models import Community
from documents.models import Document, DocumentVersion
from documents.samples import pdf_bytes
from lifecycle.models import ArchiveBuild, Closedown, TaskTick, ToolkitTask
from tests.communities import worlds as community_worlds
from tests.documents.worlds import world_file
from tests.events.worlds import add_content
from tests.forums.worlds import build_conversations, members_only
from tests.permissions.world import register_scenario
from tests.wikis.worlds import make_page

BASES = {
    "public": community_worlds.public_world,
    "private": community_worlds.private_world,
    "sub_private": community_worlds.sub_private_world,
    "archived": community_worlds.archived_world,
    "nofeatures": community_worlds.public_world,
}


def secret(world, label):
    community = world.community
    if not community.audience_community:
        return ""
    return " " + world.plant_canary(
        visible_to=members_only(community.audience_community),
        description=f"{label} in {community.name}",
    )


def add_library(world):
    community, member = world.community, world.users["member"]
    make_page(
        community,
        "Panel handbook" + secret(world, "archive wiki title"),
        "panel-handbook",
        [(member, "<p>Final text of the handbook" + secret(world, "wiki body") + ".</p>", "New")],
    )
    document = Document.objects.create(
        community=community,
        title="Site guide" + secret(world, "archive document title"),
        description="<p>A guide.</p>",
        author=member,
        version_count=1,
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        file=world_file(),
        original_name="site-guide.pdf",
        size=len(pdf_bytes("Site guide")),
        content_type="application/pdf",
        kind_label="PDF",
        uploaded_by=member,
    )
    document.current_version = version
    document.save(update_fields=["current_version"])


def build(world, base):
    BASES[base](world)
    community = world.community
    stage = community.stage
    community.stage = Community.Stage.NURTURE  # content was written before the closedown
    community.save(update_fields=["stage"])
    build_conversations(world, private=community.is_private)
    add_content(world)
    add_library(world)
    if base == "private":
        stage = Community.Stage.CLOSEDOWN
        community.read_only_from = timezone.now() + timedelta(days=7)
    if base == "nofeatures":
        stage = Community.Stage.CLOSEDOWN
        community.read_only_from = timezone.now() + timedelta(days=7)
        community.features = [f for f in community.features if f not in ("forum", "wiki")]
    community.stage = stage
    community.save()
    facilitator = world.users["facilitator"]
    world.extra["closedown"] = Closedown.objects.create(
        community=community,
        what_worked="<p>Monthly calls" + secret(world, "lessons learned") + ".</p>",
        lessons_by=facilitator,
        lessons_at=timezone.now(),
    )
    task = ToolkitTask.objects.for_stage(community.stage).first()
    TaskTick.objects.create(
        community=community, task=task, ticked_by=facilitator, ticked_at=timezone.now()
    )
    world.extra["task"] = task
    archive = ArchiveBuild(
        community=community,
        requested_by=world.users["member"],
        status=ArchiveBuild.Status.READY,
        finished_at=timezone.now(),
    )
    archive.file.save("test-worlds/archive.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
    archive.save()
    world.extra["build"] = archive


for _base in BASES:
    register_scenario(f"life_{_base}")(lambda world, base=_base: build(world, base))
