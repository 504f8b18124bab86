"""Writes: not interested, the newcomer checklist, the facilitator's choices, first posts,
and asking people to help with a question. Keyword-only and atomic; emails and notifications
are recorded in the same transaction (core.handoff) so they exist exactly when the change does.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Community
from communities.rules import CommunityAccess, refuse
from core.errors import Invalid
from core.handoff import enqueue
from core.quiet import is_quiet
from forums import services as forum_services
from forums.models import Topic
from notifications.models import Notification
from notifications.services import notify

from . import routing
from .models import (
    Ask,
    AskPreference,
    ChecklistState,
    CommunitySettings,
    Dismissal,
    FirstAction,
    FirstPost,
    QuestionNudge,
)
from .newcomers import is_first_post

INTRO_TITLE = gettext_lazy("Introduce yourself")
INTRO_BODY = gettext_lazy(
    "<p>New here? Tell us who you are, where you work and what you hope to find or share "
    "in this community. Reply below.</p>"
)


@transaction.atomic
def dismiss(*, user, community):
    """ "Not interested": the community is never recommended to `user` again."""
    Dismissal.objects.get_or_create(user=user, community=community)


# --- the newcomer checklist ------------------------------------------------------------------


def checklist_start(*, user, community):
    """A new member's checklist (called when they join, inside the join's transaction)."""
    ChecklistState.objects.get_or_create(user=user, community=community)


@transaction.atomic
def checklist_dismiss(*, user, community):
    state, _created = ChecklistState.objects.get_or_create(user=user, community=community)
    if state.dismissed_at is None:
        state.dismissed_at = timezone.now()
        state.save(update_fields=["dismissed_at"])


@transaction.atomic
def starter_read(*, user, community):
    """The member opened the starter page from their checklist: that step is done."""
    state, _created = ChecklistState.objects.get_or_create(user=user, community=community)
    if state.starter_read_at is None:
        state.starter_read_at = timezone.now()
        state.save(update_fields=["starter_read_at"])


@transaction.atomic
def settings_save(*, community, by, first_action, starter_page, ask_after_hours):
    CommunityAccess(by, community).require("admin", doing=_("change how newcomers are welcomed"))
    if first_action == FirstAction.READ and starter_page is None:
        raise Invalid(_("Choose the starter wiki page newcomers should read."))
    if starter_page is not None and starter_page.community_id != community.pk:
        raise Invalid(_("Choose a wiki page of this community."))
    settings, _created = CommunitySettings.objects.get_or_create(community=community)
    settings.first_action = first_action
    settings.starter_page = starter_page if first_action == FirstAction.READ else None
    settings.ask_after_hours = ask_after_hours
    settings.save()
    return settings


@transaction.atomic
def intro_topic_switch(*, community, by, on):
    """Switch the pinned "Introduce yourself" topic on (starting it the first time) or off."""
    CommunityAccess(by, community).require(
        "post", feature="forum", doing=_("start the introductions topic")
    )
    CommunityAccess(by, community).require("admin", doing=_("start the introductions topic"))
    settings, _created = CommunitySettings.objects.select_for_update().get_or_create(
        community=community
    )
    topic = settings.intro_topic
    if on:
        if topic is None or topic.is_removed:
            topic = forum_services.topic_create(
                community=community, author=by, title=str(INTRO_TITLE), body=str(INTRO_BODY)
            )
        if not topic.is_pinned:
            forum_services.topic_set_pinned(topic=topic, by=by, pinned=True)
        settings.intro_topic = topic
    else:
        if topic is not None and topic.is_pinned and not topic.is_removed:
            forum_services.topic_set_pinned(topic=topic, by=by, pinned=False)
        settings.intro_topic = None
    settings.save(update_fields=["intro_topic"])
    return settings


def first_post_mark(post):
    """Flag `post` for the facilitators when it is its author's first in the community
    (called inside the posting transaction)."""
    if not is_first_post(post):
        return None
    try:
        with transaction.atomic():
            first, _created = FirstPost.objects.get_or_create(
                community=post.community, author=post.author, defaults={"post": post}
            )
    except IntegrityError:
        return None
    return first


# --- asking people to help ---------------------------------------------------------------------


@transaction.atomic
def preference_set(*, user, may_be_asked):
    AskPreference.objects.update_or_create(user=user, defaults={"may_be_asked": may_be_asked})


def reply_url(topic):
    return reverse("forums:reply", kwargs={"slug": topic.community.slug, "pk": topic.pk})


@transaction.atomic
def ask_send(*, topic, person, by):
    """Ask `person` to help with `topic`: once, with a notification and one email.

    Allowed for the asker or a facilitator, only for a question still waiting, and only for
    someone the routing would suggest right now (so every limit and the visibility rule hold
    at the moment of asking, whatever the form said)."""
    access = CommunityAccess(by, topic.community)
    if not routing.can_ask_for(topic, by, access):
        refuse("author_or_facilitator", doing=_("ask people to help with this question"))
    if not routing.is_waiting(topic):
        raise Invalid(_("This question is not waiting for an answer any more."))
    existing = Ask.objects.filter(topic=topic, person=person).first()
    if existing is not None:
        return existing  # a second click asks nobody twice
    suggested = {s.user.pk for s in routing.suggest(topic, by=by, limit=routing.CHECKED)}
    if person.pk not in suggested:
        raise Invalid(
            _("%(person)s cannot be asked about this question now.")
            % {"person": person.display_name}
        )
    ask, created = Ask.objects.get_or_create(
        topic=topic, person=person, defaults={"asked_by": by, "community": topic.community}
    )
    if not created:
        return ask
    url = reply_url(topic)
    notify(
        user=person,
        kind=Notification.Kind.MENTION,
        actor=by,
        summary=_("%(by)s asks if you could help with a question: %(topic)s")
        % {"by": by.display_name, "topic": topic.title},
        url=url,
        about=topic,
    )
    from .tasks import send_ask_email

    if not is_quiet():  # loading the demo data emails nobody
        enqueue(send_ask_email, ask.pk)
    return ask


@transaction.atomic
def ask_decline(*, ask, user):
    """ "Not now": the asked person lets it go; nobody asks them about it again."""
    if ask.person_id != user.pk:
        refuse("cannot_see")
    if ask.declined_at is None:
        ask.declined_at = timezone.now()
        ask.save(update_fields=["declined_at"])


@transaction.atomic
def nudge(*, topic):
    """Tell the asker, once, that nobody has replied yet and that they can ask people who know.
    Returns True when told."""
    _nudge, created = QuestionNudge.objects.get_or_create(topic=topic)
    if not created:
        return False
    notify(
        user=topic.author,
        kind=Notification.Kind.REPLY,
        summary=_("Nobody has replied to “%(topic)s” yet: ask people who know")
        % {"topic": topic.title},
        url=reverse("finding:ask", kwargs={"slug": topic.community.slug, "pk": topic.pk}),
        about=topic,
    )
    return True


def waiting_to_nudge(*, now=None, limit=500):
    """Questions past their community's waiting time whose asker has not been told yet."""
    now = now or timezone.now()
    told = QuestionNudge.objects.values("topic_id")
    topics = (
        Topic.objects.filter(  # visibility: each asker is told about their own question
            kind=Topic.Kind.QUESTION,
            removed_at=None,
            reply_count=0,
            accepted_answer=None,
            created__gte=now - timedelta(days=14),
            community__status=Community.Status.APPROVED,
        )
        .exclude(pk__in=told)
        .exclude(community__stage__in=Community.ARCHIVED_STAGES)
        .select_related("community", "author")
        .order_by("created")[:limit]
    )
    return [topic for topic in topics if routing.is_waiting(topic, now=now)]
