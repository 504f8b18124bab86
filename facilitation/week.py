"""What needs a facilitator this week in one community: the reads behind "This week" and the
weekly email. Each block is one or two queries whatever the size of the community; lists are
cut at a fixed length and say how many more there are."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Window
from django.utils import timezone

from activity import verbs
from activity.models import Activity
from communities.models import Membership, MembershipRequest
from conversations.models import Report
from forums.models import Topic

from .models import PersonalNote, Visit
from .services import NOTE_AGAIN_AFTER, settings_for

LIST_LENGTH = 10
NEW_MEMBER_DAYS = 7
SILENT_AFTER_JOINING = timedelta(days=30)
NO_VISIT_FOR = timedelta(days=90)


@dataclass
class Block:
    """Up to LIST_LENGTH items and how many there are in all."""

    items: list
    total: int

    @property
    def more(self):
        return max(0, self.total - len(self.items))

    def __bool__(self):
        return self.total > 0


def _block(queryset, length=LIST_LENGTH):
    """The first `length` rows and the total, in one query (a window count over the rows)."""
    items = list(queryset.annotate(listed_of=Window(Count("pk")))[:length])
    return Block(items, items[0].listed_of if items else 0)


def waiting_requests(community, now=None):
    now = now or timezone.now()
    pending = (
        community.requests.filter(state=MembershipRequest.State.PENDING)
        .select_related("user")
        .order_by("created", "pk")
    )
    block = _block(pending)
    for req in block.items:
        req.waited = now - req.created
    return block


def unanswered_topics(community, user, *, hours=None, now=None):
    """Topics and questions with no reply after `hours` (the community's setting), oldest
    first; nothing when the forum is switched off (the visibility rule says so)."""
    now = now or timezone.now()
    hours = hours or settings_for(community).unanswered_hours
    topics = (
        Topic.objects.visible_to(user)
        .filter(
            community=community,
            removed_at__isnull=True,
            reply_count=0,
            is_locked=False,
            created__lt=now - timedelta(hours=hours),
        )
        .select_related("author")
        .order_by("created", "pk")
    )
    block = _block(topics)
    for topic in block.items:
        topic.waited = now - topic.created
    return block


def _contributed(community):
    return Activity.objects.filter(
        community=community, actor_id=OuterRef("user_id"), verb__in=verbs.content()
    )


def new_members(community, now=None):
    now = now or timezone.now()
    joined = (
        Membership.objects.filter(
            community=community,
            created__gte=now - timedelta(days=NEW_MEMBER_DAYS),
            user__is_active=True,
        )
        .annotate(has_posted=Exists(_contributed(community)))
        .select_related("user")
        .order_by("-created", "-pk")
    )
    return _block(joined)


def silent_members(community, facilitator, now=None):
    """Joined more than 30 days ago and never contributed, or no visit in 90 days; each says
    whether `facilitator` sent them a note recently (the limit) and when they last visited."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last_visit = (
        Visit.objects.filter(community=community, user_id=OuterRef("user_id"))
        .order_by("-day")
        .values("day")[:1]
    )
    noted = PersonalNote.objects.filter(
        facilitator=facilitator, member_id=OuterRef("user_id"), created__gte=now - NOTE_AGAIN_AFTER
    )
    not_lately = Q(last_visit__isnull=True) | Q(last_visit__lt=today - NO_VISIT_FOR)
    quiet = (
        Membership.objects.filter(community=community, user__is_active=True)
        .exclude(user=facilitator)
        .exclude(role=Membership.Role.FACILITATOR)
        .annotate(
            has_contributed=Exists(_contributed(community)),
            last_visit=Subquery(last_visit),
            noted_lately=Exists(noted),
        )
        .filter(
            Q(created__lt=now - SILENT_AFTER_JOINING, has_contributed=False)
            | (Q(created__lt=now - NO_VISIT_FOR) & not_lately)
        )
        .select_related("user")
        .order_by("created", "pk")
    )
    return _block(quiet)


def open_reports(community):
    return Report.objects.open().filter(community=community).count()


@dataclass
class Week:
    requests: Block
    unanswered: Block
    new_members: Block
    silent: Block
    reports: int
    unanswered_hours: int

    @property
    def things_to_do(self):
        return bool(self.requests or self.unanswered or self.new_members or self.reports)


def week_for(community, user, now=None, settings=None):
    """Every block of "This week" for `user`, a facilitator of `community` (or a site admin)."""
    now = now or timezone.now()
    hours = (settings or settings_for(community)).unanswered_hours
    return Week(
        requests=waiting_requests(community, now),
        unanswered=unanswered_topics(community, user, hours=hours, now=now),
        new_members=new_members(community, now),
        silent=silent_members(community, user, now),
        reports=open_reports(community),
        unanswered_hours=hours,
    )
