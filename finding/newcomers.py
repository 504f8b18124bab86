"""A newcomer's path in a community: the checklist on the community home, and what its
facilitators see (newcomers who have not started, first posts still waiting for a reply).

Each step's "done" is read from real data wherever there is some: expertise on the profile, a
reply in the "Introduce yourself" topic, a reply anywhere in the forum. Only reading the
starter wiki page and dismissing the checklist are recorded here (ChecklistState).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activity import verbs
from activity.models import Activity
from communities.models import Membership
from forums.models import Post
from profiles.models import ExpertiseTag

from .models import ChecklistState, CommunitySettings, FirstAction, FirstPost

# A member who joined this recently and has done nothing yet is a newcomer "not started".
NEWCOMER_DAYS = 30
LISTED = 20


@dataclass
class Step:
    key: str
    label: str
    done: bool
    url: str = ""
    action: str = ""  # a POST address, when the step is a button rather than a link


def settings_for(community):
    """The community's newcomer and routing settings (defaults when never saved)."""
    found = (
        CommunitySettings.objects.filter(community=community)
        .select_related("intro_topic", "starter_page")
        .first()
    )
    return found or CommunitySettings(community=community)


def intro_topic(settings):
    topic = settings.intro_topic
    if topic is None or topic.is_removed:
        return None
    return topic


def checklist(user, community, access):
    """The member's checklist steps, or None when it is not shown (not a member, dismissed,
    joined before checklists existed, or every step done)."""
    if not access.is_member or not access.can_post:
        return None
    state = ChecklistState.objects.filter(user=user, community=community).first()
    if state is None or state.dismissed_at is not None:
        return None
    settings = settings_for(community)
    slug = community.slug
    steps = [
        Step(
            "hear",
            _("Choose how to hear from the community"),
            True,
            reverse("alerts:mine"),
        ),
        Step(
            "expertise",
            _("Add your areas of expertise to your profile"),
            ExpertiseTag.objects.filter(content_object__user=user).exists(),
            reverse("profiles:edit"),
        ),
    ]
    topic = intro_topic(settings) if community.has_feature("forum") else None
    if topic is not None:
        steps.append(
            Step(
                "introduce",
                _("Introduce yourself"),
                Post.objects.filter(topic=topic, author=user, is_opening=False).exists(),
                reverse("forums:reply", kwargs={"slug": slug, "pk": topic.pk}),
            )
        )
    if settings.first_action == FirstAction.ANSWER and community.has_feature("forum"):
        replies = Post.objects.filter(community=community, author=user, is_opening=False)
        if topic is not None:
            replies = replies.exclude(topic=topic)
        steps.append(
            Step(
                "answer",
                _("Answer a question someone has asked"),
                replies.exists(),
                reverse("forums:index", kwargs={"slug": slug}),
            )
        )
    page = settings.starter_page
    if (
        settings.first_action == FirstAction.READ
        and page is not None
        and community.has_feature("wiki")
    ):
        steps.append(
            Step(
                "read",
                f"Read “{page.title}”",
                state.starter_read_at is not None,
                action=reverse("finding:starter_read", kwargs={"slug": slug}),
            )
        )
    if all(step.done for step in steps):
        return None
    return steps


def newcomers_not_started(community, *, days=NEWCOMER_DAYS, limit=LISTED):
    """Members who joined in the last `days` and have done nothing in the community since
    (no activity of theirs but joining), longest waiting first. One query."""
    since = timezone.now() - timedelta(days=days)
    acted = Activity.objects.filter(  # visibility: the facilitator's own community
        community=community, actor=OuterRef("user")
    ).exclude(verb=verbs.MEMBER_JOINED.key)
    return list(
        Membership.objects.filter(  # visibility: the page checked the facilitator's access
            community=community, created__gte=since, role=Membership.Role.MEMBER
        )
        .filter(~Exists(acted))
        .select_related("user")
        .order_by("created", "pk")[:limit]
    )


def first_posts_awaiting_reply(community, *, limit=LISTED):
    """Newcomers' first posts nobody else has replied to since, oldest first. One query."""
    answered = Post.objects.filter(
        topic=OuterRef("post__topic"), created__gt=OuterRef("post__created"), removed_at=None
    ).exclude(author=OuterRef("author"))
    return list(
        FirstPost.objects.filter(community=community, post__removed_at=None)
        .filter(post__topic__removed_at=None)
        .filter(~Exists(answered))
        .select_related("author", "post__community")
        .order_by("created", "pk")[:limit]
    )


def is_first_post(post):
    """Whether `post` is its author's first forum post in its community (and they are not
    one of its facilitators, who need no welcome)."""
    community = post.community
    facilitator = Membership.objects.filter(
        community=community, user=post.author, role=Membership.Role.FACILITATOR
    ).exists()
    if facilitator:
        return False
    return (
        not Post.objects.filter(community=community, author=post.author)
        .exclude(pk=post.pk)
        .exists()
    )
