"""Permission-matrix worlds for "This week": the communities worlds plus what the page lists.

Each community has a topic nobody answered for three days (its title a canary in private
communities), a member who joined 60 days ago and never posted (a quiet member), and, in
private ones, the requester's pending request. `week_forum_off` is a public community with
its forum switched off.
"""

from datetime import timedelta

from django.utils import timezone

from communities.models import Membership
from forums.models import Post, Topic
from tests.communities import worlds as community_worlds
from tests.forums.worlds import _topic, members_only
from tests.permissions.world import register_scenario


def _week(world, *, private):
    community, member = world.community, world.users["member"]
    title = "Who runs the panel this month?"
    if private:
        title += " " + world.plant_canary(
            visible_to=members_only(community), description=f"unanswered topic in {community}"
        )
    topic = _topic(community, member, title, "<p>Anyone?</p>", kind=Topic.Kind.QUESTION)
    three_days_ago = timezone.now() - timedelta(days=3)
    Topic.objects.filter(pk=topic.pk).update(created=three_days_ago)
    Post.objects.filter(topic=topic).update(created=three_days_ago)
    Membership.objects.filter(community=community, user=member).update(
        created=timezone.now() - timedelta(days=60)
    )
    world.extra["topic"] = topic


@register_scenario("week_public")
def week_public(world):
    community_worlds.public_world(world)
    _week(world, private=False)


@register_scenario("week_private")
def week_private(world):
    community_worlds.private_world(world)
    _week(world, private=True)


@register_scenario("week_sub_private")
def week_sub_private(world):
    community_worlds.sub_private_world(world)
    _week(world, private=True)


@register_scenario("week_archived")
def week_archived(world):
    community_worlds.archived_world(world)
    _week(world, private=False)


@register_scenario("week_forum_off")
def week_forum_off(world):
    community_worlds.public_world(world)
    _week(world, private=False)
    world.community.features = [f for f in world.community.features if f != "forum"]
    world.community.save(update_fields=["features"])
