"""Permission-matrix worlds with a wiki in them, built on the communities scenarios.

`wiki_<base>` (base = public, private, sub_private, archived) is the communities world plus:

- a page "Big Day Out agenda" started by `member` (revision 1) and edited by `facilitator`
  (revision 2, "Added the speakers"), with a related entry (world.extra["other_page"]);
- the tag "socialmedia" on the page, added by `facilitator` (world.extra["tag"]);
- both pages in the search index.

In private worlds the page's title, body, reasons and a tag of its own carry canary tokens that
only the community's members (by the raw Membership table) and site admins may ever see, on any
page (search results and tag pages included) or in any email.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from taggit.models import Tag

from search.services import index_item
from tags.models import TaggedItem
from tests.communities import worlds as community_worlds
from tests.forums.worlds import members_only
from tests.permissions.world import register_scenario
from wikis.models import Revision, WikiPage

BASES = {
    "public": community_worlds.public_world,
    "private": community_worlds.private_world,
    "sub_private": community_worlds.sub_private_world,
    "archived": community_worlds.archived_world,
}


def make_page(community, title, slug, revisions, related=()):
    """Rows written directly (cheap to build for the matrix's worlds);
    tests/wikis/test_services.py covers the services that normally write them."""
    page = WikiPage.objects.create(community=community, title=title, slug=slug)
    revision = None
    for number, (author, body, reason) in enumerate(revisions, start=1):
        revision = Revision.objects.create(
            page=page, number=number, title=title, body=body, reason=reason, author=author
        )
    page.version = len(revisions)
    page.current_revision = revision
    page.created_by = revisions[0][0]
    page.last_editor = revisions[-1][0]
    page.save()
    page.related.set(related)
    return page


def tag(item, name, by, community):
    tag_obj = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
    TaggedItem.objects.create(
        tag=tag_obj,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        tagged_by=by,
        community=community,
        created=timezone.now(),
    )
    return tag_obj


def secret(world, community, label):
    """A canary for private worlds ('' in public ones)."""
    if not community.audience_community:
        return ""
    return " " + world.plant_canary(
        visible_to=members_only(community.audience_community), description=label
    )


def build(world, base):
    BASES[base](world)
    community = world.community
    member, facilitator = world.users["member"], world.users["facilitator"]
    other = make_page(
        community,
        "Venue and travel" + secret(world, community, "related wiki page title"),
        "venue-and-travel",
        [(facilitator, "<p>The IDeA office in London.</p>", "Created the page")],
    )
    page = make_page(
        community,
        "Big Day Out agenda" + secret(world, community, "wiki page title"),
        "big-day-out-agenda",
        [
            (member, "<p>Draft agenda: welcome and introductions.</p>", "First draft"),
            (
                facilitator,
                "<p>Draft agenda: welcome, introductions and speakers"
                + secret(world, community, "wiki page body")
                + ".</p>",
                "Added the speakers" + secret(world, community, "wiki reason for update"),
            ),
        ],
        related=[other],
    )
    world.extra["page"] = page
    world.extra["other_page"] = other
    world.extra["tag"] = tag(page, "socialmedia", facilitator, community)
    if community.audience_community:
        private_tag = world.plant_canary(
            visible_to=members_only(community.audience_community), description="private tag"
        )
        world.extra["private_tag"] = tag(page, private_tag, facilitator, community)
    index_item(page)
    index_item(other)


for _base in BASES:
    register_scenario(f"wiki_{_base}")(lambda world, base=_base: build(world, base))
