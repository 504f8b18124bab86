"""Activity rows made through the real service (activity.services.record).

Until every feature app has its own factories, `stand_in` gives a real, deletable row to act as
a target or subject (a topic, a reply...): a StageChange of the community. What matters to the
event log is that the target exists, belongs to the community, and can be deleted.
"""

from datetime import timedelta

from django.utils import timezone

from activity.models import Verb
from activity.services import record
from communities.models import StageChange
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory


def stand_in(community, note="stand-in"):
    return StageChange.objects.create(community=community, to_stage=community.stage, note=note)


def log(
    verb=Verb.TOPIC_STARTED,
    *,
    actor=None,
    community=None,
    target=None,
    subject=None,
    title="Sharing budget templates",
    excerpt="",
    url=None,
    created=None,
    ago=None,
):
    """Record one activity row; `ago` (a timedelta) backdates it."""
    actor = actor if actor is not None else UserFactory()
    community = community if community is not None else CommunityFactory()
    target = target if target is not None else stand_in(community)
    if ago is not None:
        created = timezone.now() - ago
    return record(
        actor=actor,
        verb=verb,
        target=target,
        community=community,
        subject=subject,
        title=title,
        excerpt=excerpt,
        url=url or f"/c/{community.slug}/forum/{target.pk}/",
        created=created,
    )


def yesterday(hours=12):
    """A moment yesterday (local time), inside yesterday's daily digest period."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return start - timedelta(days=1) + timedelta(hours=hours)
