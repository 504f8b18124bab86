"""Permission-matrix worlds for the API, built on the communities scenarios.

`api_<base>` (base = public, private, sub_private, archived) is the communities world plus, by
`author` (world.extra["author"], a member who is none of the seven roles): a forum topic started
by `member` with `author`'s reply (so `member` has a notification), a blog entry published into
the community, a wiki page, a document, an event and a poll. `api_nofeature` is the public world
with every feature switched off after the content was made.

In private worlds every title and body carries a canary token that only the community's members
(by the raw Membership table) and site admins may ever see: list endpoints, search, the activity
stream, notifications and the members list are all checked against them.
"""

from datetime import timedelta

from django.utils import timezone

from api.services import token_create
from communities.models import Community
from events.models import Event
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry
from tests.communities import worlds as community_worlds
from tests.communities.factories import MembershipFactory
from tests.communities.worlds import _raw_member_check
from tests.documents.factories import document
from tests.forums.factories import reply, topic
from tests.permissions.world import SCENARIOS, register_scenario
from tests.polls.factories import PollFactory
from tests.search.helpers import committed
from tests.wikis.factories import page

FEATURES_OFF = ["forum", "blogs", "wiki", "documents", "events", "polls"]


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
    if archived:  # the content was posted while the community was open; it closed afterwards
        Community.objects.filter(pk=community.pk).update(stage=Community.Stage.SUSTAIN)
        community.refresh_from_db()
    member, facilitator = world.users["member"], world.users["facilitator"]
    author = UserFactory(name="Pat Author")
    if community.parent_id:
        MembershipFactory(user=author, community=community.parent)
    MembershipFactory(user=author, community=community)
    with committed():
        opened = topic(
            community,
            member,
            title=_secret(world, "Panel templates", "topic title"),
            body="<p>" + _secret(world, "Ours attached.", "topic body") + "</p>",
        )
        answer = reply(
            opened, author, body="<p>" + _secret(world, "Try mine.", "reply body") + "</p>"
        )
        blog = entry(
            author,
            title=_secret(world, "What we learnt", "blog title"),
            body="<p>" + _secret(world, "Lessons.", "blog body") + "</p>",
            communities=[community],
        )
        wiki = page(
            community,
            author,
            title=_secret(world, "Matching guide", "wiki title"),
            body="<p>" + _secret(world, "How we match.", "wiki body") + "</p>",
        )
        doc = document(community, author, title=_secret(world, "Panel checklist", "document"))
    start = timezone.now() + timedelta(days=7)
    event = Event.objects.create(
        community=community,
        title=_secret(world, "Quarterly meet-up", "event title"),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        created_by=author,
        contact=author,
    )
    poll = PollFactory(
        community=community,
        created_by=facilitator,
        question=_secret(world, "Which day suits?", "poll question"),
    )
    if archived:
        Community.objects.filter(pk=community.pk).update(stage=Community.Stage.CLOSEDOWN)
        community.refresh_from_db()
    world.extra.update(
        author=author,
        topic=opened,
        reply=answer,
        blog=blog,
        wiki=wiki,
        document=doc,
        event=event,
        poll=poll,
        token=token_create(user=member, name="Member's script", scope="write", days=30)[0],
    )


def _register(name):
    base = SCENARIOS[name]

    @register_scenario(f"api_{name}")
    def build(world):
        base(world)
        add_content(world)

    return build


assert community_worlds  # the communities scenarios are registered on import
for _name in ("public", "private", "sub_private", "archived"):
    _register(_name)


@register_scenario("api_nofeature")
def nofeature_world(world):
    SCENARIOS["public"](world)
    add_content(world)
    community = world.community
    community.features = [key for key in community.features if key not in FEATURES_OFF]
    community.save(update_fields=["features"])
