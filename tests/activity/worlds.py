"""Permission-matrix worlds for the activity pages.

- private_activity: the communities "private" world, plus a topic started in the private
  community whose title carries a canary (members and site admins only), and a public
  community next door with an ordinary topic, so every stream page has something to show.
"""

from activity.models import Verb
from tests.activity.factories import log
from tests.communities.factories import CommunityFactory
from tests.communities.worlds import _raw_member_check, private_world
from tests.permissions.world import register_scenario


@register_scenario("private_activity")
def private_activity_world(world):
    private_world(world)
    token = world.plant_canary(
        visible_to=_raw_member_check(world.community), description="private topic in a stream"
    )
    log(Verb.TOPIC_STARTED, community=world.community, title=f"Panel notes {token}")
    open_community = CommunityFactory(name="Open Neighbours CoP")
    log(Verb.TOPIC_STARTED, community=open_community, title="An open topic")
    world.extra["open_community"] = open_community
