"""Ask the right people: whom to suggest for a question nobody has replied to.

A question's terms are its tags and the known tags found in its title and teaser. A member
matches through their areas of expertise (the same tags) and through past helpful answers in
topics with those tags (replies chosen as the answer, and replies marked Helpful). Only members
who may be found (`profiles.finder.findable_by`: active, listed, no block), who have not opted
out, have been asked fewer than ASKS_PER_WEEK times in the last seven days, have not been asked
about this question, and who can see the question by the one visibility rule are suggested.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag

from forums.models import Post, Topic
from profiles.finder import findable_by
from profiles.models import ExpertiseTag
from tags.models import TaggedItem

from .models import Ask, AskPreference
from .newcomers import settings_for
from .recommend import _known_terms, phrases

SUGGESTED = 3
ASKS_PER_WEEK = 3
# How many of the best-scored people are checked against the visibility rule, one by one.
CHECKED = 12


@dataclass
class Suggestion:
    user: object
    score: float = 0.0
    expertise: list = field(default_factory=list)
    accepted: int = 0
    helpful: int = 0


def question_terms(topic):
    """Lower-case terms of a question: its tags, and known tags in its title and teaser."""
    tagged = TaggedItem.objects.filter(  # visibility: the caller already sees the topic
        content_type=ContentType.objects.get_for_model(Topic), object_id=topic.pk
    ).values_list(Lower("tag__name"), flat=True)
    return set(tagged) | _known_terms(phrases(f"{topic.title} {topic.teaser}"))


def is_waiting(topic, *, now=None):
    """A question still without a reply once its community's waiting time has passed."""
    now = now or timezone.now()
    hours = settings_for(topic.community).ask_after_hours
    return (
        topic.is_question
        and not topic.is_removed
        and topic.reply_count == 0
        and topic.accepted_answer_id is None
        and topic.created <= now - timedelta(hours=hours)
    )


def asked_this_week(user_ids, now=None):
    since = (now or timezone.now()) - timedelta(days=7)
    return dict(
        Ask.objects.filter(person_id__in=user_ids, created__gte=since)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )


def may_be_asked(user_ids):
    opted_out = set(
        AskPreference.objects.filter(user_id__in=user_ids, may_be_asked=False).values_list(
            "user_id", flat=True
        )
    )
    return [pk for pk in user_ids if pk not in opted_out]


def suggest(topic, *, by, limit=SUGGESTED, terms=None):
    """Up to `limit` Suggestions for `topic`, best first (see the module's docstring)."""
    terms = question_terms(topic) if terms is None else terms
    if not terms:
        return []
    tag_ids = list(
        Tag.objects.annotate(lower=Lower("name"))
        .filter(lower__in=list(terms))
        .values_list("pk", flat=True)
    )
    if not tag_ids:
        return []
    found = defaultdict(lambda: {"expertise": [], "accepted": 0, "helpful": 0})
    for user_id, name in ExpertiseTag.objects.filter(
        tag_id__in=tag_ids, content_object__active=True
    ).values_list("content_object__user_id", "tag__name")[:2000]:
        found[user_id]["expertise"].append(name)
    topic_type = ContentType.objects.get_for_model(Topic)
    tagged_topics = TaggedItem.objects.filter(  # visibility: counts only; each person checked
        content_type=topic_type, tag_id__in=tag_ids
    ).values("object_id")
    answers = Topic.objects.filter(accepted_answer=OuterRef("pk")).values("pk")
    rows = (
        Post.objects.filter(  # visibility: counts only; each person checked below
            topic_id__in=tagged_topics, is_opening=False, removed_at=None
        )
        .filter(Q(helpful_count__gt=0) | Exists(answers))
        .annotate(is_answer=Exists(answers))
        .values_list("author_id", "is_answer", "helpful_count")[:5000]
    )
    for author_id, is_answer, helpful in rows:
        found[author_id]["accepted"] += int(is_answer)
        found[author_id]["helpful"] += int(helpful > 0)
    for skip in {topic.author_id, by.pk}:
        found.pop(skip, None)
    already = set(Ask.objects.filter(topic=topic).values_list("person_id", flat=True))
    scored = sorted(
        (
            (3 * len(why["expertise"]) + 2 * why["accepted"] + why["helpful"], user_id)
            for user_id, why in found.items()
            if user_id not in already
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )[: CHECKED * 3]
    ids = may_be_asked([user_id for _, user_id in scored])
    counts = asked_this_week(ids)
    ids = [pk for pk in ids if counts.get(pk, 0) < ASKS_PER_WEEK]
    profiles = {
        p.user_id: p for p in findable_by(by).filter(user_id__in=ids).select_related("user")
    }
    suggestions, checked = [], 0
    for score, user_id in scored:
        if len(suggestions) >= limit or checked >= CHECKED:
            break
        if user_id not in profiles:
            continue
        checked += 1
        person = profiles[user_id].user
        # The one visibility rule, for this person: never a question from a place they cannot see.
        if not Topic.objects.visible_to(person).filter(pk=topic.pk).exists():
            continue
        why = found[user_id]
        suggestions.append(
            Suggestion(
                user=person,
                score=score,
                expertise=sorted(set(why["expertise"]), key=str.lower),
                accepted=why["accepted"],
                helpful=why["helpful"],
            )
        )
    return suggestions


def can_ask_for(topic, user, access):
    """The asker or a facilitator may ask people to help with a question."""
    return topic.is_question and (topic.author_id == user.pk or access.can_moderate)


def waiting_questions(community, *, limit=20, now=None):
    """Questions in `community` past its waiting time without a reply, oldest first."""
    now = now or timezone.now()
    hours = settings_for(community).ask_after_hours
    return list(
        Topic.objects.filter(  # visibility: the page checked the facilitator's access
            community=community,
            kind=Topic.Kind.QUESTION,
            removed_at=None,
            reply_count=0,
            accepted_answer=None,
            created__lte=now - timedelta(hours=hours),
        )
        .select_related("author")
        .order_by("created", "pk")[:limit]
    )


def routing_figures(community):
    """How many questions were routed to someone, and how many got a reply after that."""
    asks = Ask.objects.filter(community=community)
    replied_after = Post.objects.filter(
        topic=OuterRef("topic"), is_opening=False, removed_at=None, created__gt=OuterRef("created")
    )
    return {
        "routed": asks.values("topic_id").distinct().count(),
        "answered": asks.filter(Exists(replied_after)).values("topic_id").distinct().count(),
    }
