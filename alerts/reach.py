"""How many members of a community hear from it by email, and how often (for facilitators)."""

from django.db.models import Count, OuterRef, Q, Subquery

from communities.models import Membership

from .matching import community_type_id
from .models import Frequency, Subscription


def alert_reach(community):
    """Members by how they hear about the whole community, in one query.

    A member's frequency is their subscription to the whole community; "paused" counts members
    who paused all alerts (whatever that subscription says); "none" counts members with no
    community-wide subscription (they may still follow single features or topics).
    """
    frequency = Subscription.objects.filter(
        user_id=OuterRef("user_id"),
        target_type_id=community_type_id(),
        target_id=community.pk,
        feature="",
    ).values("frequency")[:1]
    members = Membership.objects.filter(community=community, user__is_active=True).annotate(
        frequency=Subquery(frequency)
    )
    paused = Q(user__alert_preferences__paused=True)
    active = ~paused
    counts = members.aggregate(
        total=Count("pk"),
        immediate=Count("pk", filter=active & Q(frequency=Frequency.IMMEDIATE)),
        daily=Count("pk", filter=active & Q(frequency=Frequency.DAILY)),
        weekly=Count("pk", filter=active & Q(frequency=Frequency.WEEKLY)),
        off=Count("pk", filter=active & Q(frequency=Frequency.OFF)),
        none=Count("pk", filter=active & Q(frequency__isnull=True)),
        paused=Count("pk", filter=paused),
    )
    counts["receiving"] = counts["immediate"] + counts["daily"] + counts["weekly"]
    return counts
