"""Permission-matrix worlds for stories and sponsor reports, built on the communities scenarios.

`value_<base>` (base = public, private, sub_private, archived) is the communities world plus:

- `author` (world.extra["author"]), a member who is none of the seven roles, with a topic whose
  opening post (["post"]) `member` and `facilitator` may say helped them;
- a wiki page (["wikipage"]) and a past event with `member` attending (["event"]) by `author`;
- `member`'s story about the post (["story"]), which the facilitator has asked to share;
- `author`'s story about a wiki page started by `facilitator`, shared with consent.

`value_nowiki` is the public world with the wiki switched off after the stories were told.
In private worlds every title and story carries a canary token that only the community's
members (by the raw Membership table) and site admins may ever see.
"""

from datetime import timedelta

from django.utils import timezone

from communities.models import Community
from events.models import Attendance, Event
from tests.accounts.factories import UserFactory
from tests.communities import worlds as community_worlds
from tests.communities.factories import MembershipFactory
from tests.communities.worlds import _raw_member_check
from tests.forums.factories import topic
from tests.permissions.world import SCENARIOS, register_scenario
from value import services
from wikis import services as wiki_services


def _secret(world, text, what):
    if not world.community.is_private:
        return text
    token = world.plant_canary(
        visible_to=_raw_member_check(world.community), description=f"{world.community} {what}"
    )
    return f"{text} {token}"


def add_content(world):
    community = world.community
    archived = community.stage in Community.ARCHIVED_STAGES
    if archived:  # stories are told while a community is open; it closes afterwards
        Community.objects.filter(pk=community.pk).update(stage=Community.Stage.SUSTAIN)
        community.refresh_from_db()
    member, facilitator = world.users["member"], world.users["facilitator"]
    author = UserFactory(name="Pat Author")
    if community.parent_id:
        MembershipFactory(user=author, community=community.parent)
    MembershipFactory(user=author, community=community)
    post = topic(
        community,
        author,
        title=_secret(world, "Panel templates", "topic title"),
        body="<p>" + _secret(world, "Ours attached.", "topic body") + "</p>",
    ).opening_post
    wiki_page = wiki_services.page_create(
        community=community,
        author=author,
        title=_secret(world, "Matching guide", "wiki title"),
        body="<p>How we match.</p>",
        reason="First draft",
    )
    their_page = wiki_services.page_create(
        community=community,
        author=facilitator,
        title=_secret(world, "Ground rules", "second wiki title"),
        body="<p>Be kind.</p>",
        reason="First draft",
    )
    start = timezone.now() - timedelta(days=2)
    event = Event.objects.create(
        community=community,
        title=_secret(world, "Quarterly meet-up", "event title"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        created_by=author,
        contact=author,
        attendee_count=1,
    )
    Attendance.objects.create(event=event, user=member)
    story = services.story_save(
        user=member,
        item=post,
        helped_with=_secret(world, "Saved me a week.", "member's story"),
        saved_amount="5",
        saved_unit="days",
    )
    services.story_ask(by=facilitator, story=story)
    shared = services.story_save(
        user=author,
        item=their_page,
        helped_with=_secret(world, "We adopted these rules.", "author's story"),
        saved_amount="300",
        saved_unit="pounds",
    )
    services.story_ask(by=facilitator, story=shared)
    services.story_answer(user=author, story=shared, consent=True)
    if archived:
        Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
        community.refresh_from_db()
    story.refresh_from_db()
    world.extra.update(
        author=author, post=post, wikipage=wiki_page, event=event, story=story, shared=shared
    )


def _register(name):
    base = SCENARIOS[name]

    @register_scenario(f"value_{name}")
    def build(world):
        base(world)
        add_content(world)

    return build


assert community_worlds  # the communities scenarios are registered on import
for _name in ("public", "private", "sub_private", "archived"):
    _register(_name)


@register_scenario("value_nowiki")
def nowiki_world(world):
    SCENARIOS["public"](world)
    add_content(world)
    community = world.community
    community.features = [key for key in community.features if key != "wiki"]
    community.save(update_fields=["features"])
