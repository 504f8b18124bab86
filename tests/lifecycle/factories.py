"""Lifecycle test data, made through the services where a service exists."""

from communities.models import Community
from communities.services import stage_change
from lifecycle import services
from lifecycle.models import ToolkitTask
from tests.communities.factories import CommunityFactory, member_of


def community_with_staff(**kwargs):
    """(community, facilitator, member)."""
    community = CommunityFactory(**kwargs)
    facilitator = member_of(community, facilitator=True)
    member = member_of(community)
    return community, facilitator, member


def close_down(community, facilitator):
    """Move to closedown through the service (read-only at once), then refresh."""
    stage_change(community=community, by=facilitator, to_stage=Community.Stage.CLOSEDOWN)
    community.refresh_from_db()
    return community


def tick_first(community, facilitator, count):
    tasks = list(ToolkitTask.objects.for_stage(community.stage)[:count])
    for task in tasks:
        services.task_tick(community=community, by=facilitator, task=task)
    return tasks


def add_members(community, count):
    """`count` plain members in two INSERTs (for query-count tests at size)."""
    from accounts.models import User
    from communities.models import Membership

    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"many{start + n}", email=f"many{start + n}@example.org", name=f"M {n}")
        for n in range(count)
    )
    Membership.objects.bulk_create(Membership(user=u, community=community) for u in users)
    Community.objects.filter(pk=community.pk).update(member_count=community.memberships.count())
