"""Demo stories for `make run` (seed_demo): members say a reply, a wiki page and an event helped
them, with what they saved; one story is shareable (the facilitator asked, its author agreed), so
the sponsor report has a story to show. Made through value.services (quietly, see core.quiet),
dated a day after what they are about (core.storytime). Idempotent: a member's story about an
item that already has one is left alone."""

from datetime import timedelta

from django.utils import timezone

from communities.models import Membership
from core.storytime import backdate
from events.models import Event
from forums.models import Post
from wikis.models import WikiPage

from . import services
from .models import Story

# (teller, how to find the item, story, amount, unit, shared)
STORIES = [
    (
        "member",
        ("post", "adoption", "How do panels handle late reports?", "priya"),
        "We brought in the five-working-day rule from this answer. Our panel chair no longer "
        "reads papers the night before, and nobody has had a case adjourned since.",
        "6",
        "hours",
        True,
    ),
    (
        "member",
        ("post", "social", "Online tools we use and love", "owen"),
        "We set up Yammer for our site teams after reading this.",
        "2",
        "days",
        False,
    ),
    (
        "mei",
        ("wikipage", "social", "Useful online tools"),
        "Found an RSS reader, so I no longer check six council websites by hand.",
        "1",
        "hours",
        False,
    ),
    (
        "grace",
        ("event", "facilitators", "Facilitators' spring meet-up"),
        "Came away with a welcome-message template instead of buying the training.",
        "200",
        "pounds",
        False,
    ),
]


def _find(how, communities):
    kind, key, title, *by = how
    community = communities.get(key)
    if community is None:
        return None
    if kind == "post":
        return (
            Post.objects.filter(
                community=community, topic__title=title, is_opening=False, author__username=by[0]
            )
            .order_by("path")
            .first()
        )
    if kind == "wikipage":
        return WikiPage.objects.filter(community=community, title=title).first()
    return Event.objects.filter(community=community, title=title).first()


def seed(ctx):
    users, communities = ctx["users"], ctx.get("communities", {})
    for teller_key, how, text, amount, unit, shared in STORIES:
        teller, item = users.get(teller_key), _find(how, communities)
        if teller is None or item is None or Story.objects.about(item).by(teller).exists():
            continue
        told = services.story_save(
            user=teller, item=item, helped_with=text, saved_amount=amount, saved_unit=unit
        )
        after = max(item.created, getattr(item, "ends_at", item.created)) + timedelta(days=1)
        when = min(after, timezone.now() - timedelta(hours=1))
        if shared:
            facilitator = (
                Membership.objects.filter(
                    community=item.community, role=Membership.Role.FACILITATOR
                )
                .select_related("user")
                .first()
            )
            services.story_ask(by=facilitator.user, story=told)
            services.story_answer(user=teller, story=told, consent=True)
            backdate(told, when, "asked_at", "answered_at")
        else:
            backdate(told, when)
