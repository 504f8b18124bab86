"""Permission-matrix worlds for finding, built on the forums' conversation worlds.

`find_<base>` (base = public, private, sub_private, archived) is `conv_<base>` plus:
- an "expert" member with the expertise "panels" (["expert"]);
- a question by `member`, two days old, nobody has replied (["waiting"]), whose title names
  panels (in private worlds it carries a canary token);
- `member` asked by `facilitator` to help with the world's answered question (["ask"]);
- a starter wiki page newcomers are asked to read, and `member`'s checklist.
`find_forum_off` is `find_public` with the forum and wiki switched off.
"""

from datetime import timedelta

from django.utils import timezone

from communities.models import Membership
from finding.models import Ask, ChecklistState, CommunitySettings, FirstAction
from forums.models import Topic
from tests.communities.factories import member_of
from tests.forums.worlds import (
    _topic,
    conv_archived,
    conv_private,
    conv_public,
    conv_sub_private,
    members_only,
)
from tests.permissions.world import register_scenario
from tests.profiles.factories import person
from tests.wikis.worlds import make_page

BASES = {
    "public": conv_public,
    "private": conv_private,
    "sub_private": conv_sub_private,
    "archived": conv_archived,
}


def build(world, base):
    BASES[base](world)
    community, users = world.community, world.users
    member, facilitator = users["member"], users["facilitator"]
    private = community.audience_community is not None
    title = "Late reports to adoption panels"
    if private:
        title += " " + world.plant_canary(
            visible_to=members_only(community), description=f"waiting question in {community.name}"
        )
    expert = person(name="Expert Person", expertise=["panels"])
    if community.parent is not None:
        member_of(community.parent, expert)
    member_of(community, expert)
    waiting = _topic(community, member, title, "<p>Who knows?</p>", kind=Topic.Kind.QUESTION)
    Topic.objects.filter(pk=waiting.pk).update(created=timezone.now() - timedelta(days=2))
    waiting.refresh_from_db()
    page = make_page(community, "Start here", "start-here", [(facilitator, "<p>Hi</p>", "")])
    CommunitySettings.objects.create(
        community=community, first_action=FirstAction.READ, starter_page=page
    )
    ChecklistState.objects.create(user=member, community=community)
    ask = Ask.objects.create(
        topic=world.extra["question"], community=community, person=member, asked_by=facilitator
    )
    world.extra.update(expert=expert, waiting=waiting, ask=ask, page=page)
    assert Membership.objects.filter(user=expert, community=community).exists()


for _base in BASES:
    register_scenario(f"find_{_base}")(lambda world, base=_base: build(world, base))


@register_scenario("find_forum_off")
def find_forum_off(world):
    build(world, "public")
    community = world.community
    community.features = [key for key in community.features if key not in ("forum", "wiki")]
    community.save(update_fields=["features"])
