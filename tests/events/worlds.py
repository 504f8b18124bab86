"""Permission-matrix worlds for events, polls and news: the communities scenarios ("public",
"private", "sub_private", "archived") plus, in the community, an event added by `member` (who is
going), an open poll run by `facilitator`, and a news feed (added by `facilitator`) with an item.

Registered as "epn_<scenario>" (events, polls, news). In private communities the event's title and
description, the poll's question and the news item's title carry canary tokens: a response or an
email showing one to anyone who is not a member (by the raw Membership table) or a site admin
fails the test. The world keeps them in world.extra["event"], ["poll"], ["feed"], ["item"].
"""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from events.models import Attendance, Event
from news.models import NewsFeed, NewsItem
from polls.models import Choice, Poll
from tests.communities import worlds as community_worlds
from tests.communities.worlds import _raw_member_check
from tests.permissions.world import SCENARIOS, register_scenario


def _secret(world, text, description):
    if not world.community.is_private:
        return text
    token = world.plant_canary(
        visible_to=_raw_member_check(world.community), description=description
    )
    return f"{text} {token}"


def add_content(world):
    community, member, facilitator = (
        world.community,
        world.users["member"],
        world.users["facilitator"],
    )
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        community=community,
        title=_secret(world, "Panel practice workshop", f"{community.name} event title"),
        description="<p>"
        + _secret(world, "Agenda:", f"{community.name} event description")
        + "</p>",
        location="Taunton",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        contact=member,
        created_by=member,
        attendee_count=1,
    )
    Attendance.objects.create(event=event, user=member)
    if apps.is_installed("tags"):  # for the events lists' tag filter (?tag=workshop)
        from tags.models import TaggedItem
        from tags.services import tag_named

        TaggedItem.objects.create(
            content_object=event, tag=tag_named("Workshop"), tagged_by=member, community=community
        )
    poll = Poll.objects.create(
        community=community,
        question=_secret(world, "Which topic next?", f"{community.name} poll question"),
        created_by=facilitator,
    )
    for order, text in enumerate(["Matching", "Support"], 1):
        Choice.objects.create(poll=poll, text=text, order=order)
    # A documentation address (TEST-NET-1): "Fetch now" is refused at once, with no network.
    feed = NewsFeed.objects.create(
        community=community,
        name="Sector news",
        url="http://192.0.2.10/feed.xml",
        added_by=facilitator,
    )
    item = NewsItem.objects.create(
        feed=feed,
        community=community,
        guid="urn:item:1",
        title=_secret(world, "Adoption statistics published", f"{community.name} news item"),
        link="https://www.example.org/stats",
        published_at=timezone.now(),
    )
    world.extra.update(event=event, poll=poll, feed=feed, item=item)


def _register(name):
    base = SCENARIOS[name]

    @register_scenario(f"epn_{name}")
    def build(world):
        base(world)
        add_content(world)

    return build


assert community_worlds  # the communities scenarios are registered on import
for _name in ("public", "private", "sub_private", "archived"):
    _register(_name)
