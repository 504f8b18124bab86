"""Recommended communities: which communities a member might join, and why.

What a community is about is kept in `CommunityTerm` rows (refreshed by `refresh_terms`: when
someone joins or leaves, and nightly for everything). A member's recommendations are then
computed live, in a constant number of small queries whatever the size of the site:

1. the member's own terms: their expertise, interests and service areas (one UNION query);
2. one grouped query over the term rows matching those terms, restricted to communities the
   member may see (`Community.objects.visible_to`), has not joined and has not dismissed;
3. the few best candidates themselves, for their activity;
4. the matched term rows of the ones shown, for the reason in words.

So a member's own profile change shows at once, and nothing is ever recommended (or named)
that the visibility rule hides from them. bench/recommendations.py times it at 200,000
members and 2,000 communities.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from communities.models import Community, Membership
from communities.querysets import compiled_for_sight
from profiles.models import ExpertiseTag, InterestTag, Profile, ServiceArea
from tags.models import TaggedItem

from .models import CommunityTerm, Dismissal

SHOWN = 5
# Candidates fetched by score before activity re-orders them; a few more than are shown.
CANDIDATES = 20
LONGEST_PHRASE = 3
SOURCES = {
    "expertise": gettext_lazy("expertise"),
    "interest": gettext_lazy("interests"),
    "area": gettext_lazy("service area"),
}
# A community keeps only this many terms, its strongest: what it is about, not every tag one of
# its thousands of members happens to list (which would make every term match every community,
# and the grouped query read far more rows).
TERMS_KEPT = 40


@dataclass
class Recommendation:
    community: Community
    score: float = 0.0
    terms: list = field(default_factory=list)  # [(term, source)] the member listed, best first
    members: int = 0  # members of the community listing the best term
    member_term: str = ""
    tagged: int = 0
    popular: bool = False  # shown because the member's profile matched nothing


def member_terms(user):
    """{term (lower case): source} for the member's expertise, interests and service areas,
    in one query. Expertise wins when a term is listed twice.

    Plain SQL (table names from the models, the member's id a parameter): building the same
    three-part UNION through the ORM took a quarter of the panel's CPU on every My home."""
    expertise, interest = ExpertiseTag._meta.db_table, InterestTag._meta.db_table
    profile, tag = Profile._meta.db_table, Tag._meta.db_table
    areas, area = Profile.service_areas.through._meta.db_table, ServiceArea._meta.db_table
    parts = [
        f"SELECT LOWER(t.name), '{source}' FROM {through} x "  # noqa: S608
        f"JOIN {profile} p ON p.id = x.content_object_id JOIN {tag} t ON t.id = x.tag_id "
        "WHERE p.user_id = %s"
        for through, source in ((expertise, "expertise"), (interest, "interest"))
    ]
    parts.append(
        f"SELECT LOWER(a.name), 'area' FROM {areas} x "  # noqa: S608
        f"JOIN {profile} p ON p.id = x.profile_id JOIN {area} a ON a.id = x.servicearea_id "
        "WHERE p.user_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), [user.pk] * len(parts))
        rows = cursor.fetchall()
    terms = {}
    for term, source in rows:
        if term not in terms or source == "expertise":
            terms[term] = source
    return terms


def candidates(user, now=None):
    """Live, open communities `user` may see, has not joined and has not dismissed (open
    `now`, by default the time now)."""
    joined = Membership.objects.filter(user=user).values("community_id")
    dismissed = Dismissal.objects.filter(user=user).values("community_id")
    return (
        Community.objects.visible_to(user)
        .live()
        .not_archived(now=now)
        .exclude(pk__in=joined)
        .exclude(pk__in=dismissed)
    )


# Stands for the clock in the SQL that _compiled_at_now keeps: a moment no query asks about,
# replaced by the time now on each use.
_CLOCK = datetime(2000, 1, 1, 0, 0, 0, 271828, tzinfo=UTC)


def _compiled_at_now(user, name, build):
    """(sql, params) of the queryset `build(now)` makes, compiled once per member and state of
    what they may see (compiled_for_sight) with _CLOCK for `now`, and the time now put in its
    place on each use; () when the rule leaves them nothing to see.

    Building and compiling these queries through the visibility rule cost more CPU than
    PostgreSQL spends running them, and they read nothing else of the member's but their id
    (their memberships, dismissals and terms are read by the SQL itself or are in `name`).
    None where the compiled parameters do not keep the moment as given (other databases than
    PostgreSQL): the caller then runs `build(now)` as it is."""
    if connection.vendor != "postgresql":
        return None
    held = compiled_for_sight(user, name, lambda: build(_CLOCK).query.sql_with_params())
    if not held:
        return ()
    sql, params = held
    if _CLOCK not in params:
        return None
    now = timezone.now()
    return sql, tuple(now if param == _CLOCK else param for param in params)


def activity_bonus(community, now):
    """A little for a lively community: recent activity, then size (never more than a term)."""
    bonus = 0.0
    if community.last_activity_at >= now - timedelta(days=30):
        bonus += 1.0
    elif community.last_activity_at >= now - timedelta(days=90):
        bonus += 0.5
    return bonus + 0.3 * math.log10(1 + community.member_count)


def recommend(user, *, limit=SHOWN, terms=None):
    """Up to `limit` Recommendations for `user`, best first. With no matching term (an empty
    profile, or nothing in common with any community), the most active public communities."""
    if terms is None:
        terms = member_terms(user)
    found = []
    if terms:
        scored = _scored(user, sorted(terms))
        if scored:
            scores = {row["community_id"]: row["score"] for row in scored}
            now = timezone.now()
            communities = list(Community.objects.filter(pk__in=list(scores)))  # visibility: pool
            ranked = sorted(
                communities,
                key=lambda c: (-(scores[c.pk] + activity_bonus(c, now)), c.name.lower(), c.pk),
            )[:limit]
            found = [
                Recommendation(community=c, score=scores[c.pk] + activity_bonus(c, now))
                for c in ranked
            ]
            _explain(found, terms)
    if not found:
        popular = _popular(user, limit)
        found = [Recommendation(community=c, popular=True) for c in popular]
    return found


def _scored(user, terms):
    """[{"community_id", "score"}] of the candidates matching `terms`, best first."""

    def build(now):
        return (
            CommunityTerm.objects.filter(term__in=terms, community__in=candidates(user, now))
            .values("community_id")
            .annotate(score=Sum("weight"))
            .order_by("-score", "community_id")[:CANDIDATES]
        )

    held = _compiled_at_now(user, ("recommendation scores", tuple(terms)), build)
    if held is None:
        return list(build(timezone.now()))
    if not held:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*held)
        return [{"community_id": pk, "score": score} for pk, score in cursor.fetchall()]


def _popular(user, limit):
    """The most active public candidates, for a member whose terms matched nothing."""

    def build(now):
        return (
            candidates(user, now)
            .filter(visibility=Community.Visibility.PUBLIC)
            .order_by("-last_activity_at", "-member_count", "pk")[:limit]
        )

    held = _compiled_at_now(user, ("popular communities", limit), build)
    if held is None:
        return list(build(timezone.now()))
    if not held:
        return []
    return list(Community.objects.raw(*held))  # visibility: the rule, compiled


def _explain(found, terms):
    """Fill in each recommendation's reason from its matched term rows (one query)."""
    rows = CommunityTerm.objects.filter(
        community_id__in=[r.community.pk for r in found], term__in=list(terms)
    ).order_by("-weight", "term")
    by_community = defaultdict(list)
    for row in rows:
        by_community[row.community_id].append(row)
    for recommendation in found:
        matched = by_community[recommendation.community.pk]
        recommendation.terms = [(row.term, SOURCES[terms[row.term]]) for row in matched[:3]]
        best_members = max(matched, key=lambda row: row.members, default=None)
        if best_members is not None and best_members.members:
            recommendation.members = best_members.members
            recommendation.member_term = best_members.term
        recommendation.tagged = max((row.tagged for row in matched), default=0)


# --- what a community is about ----------------------------------------------------------------


def term_weight(*, tagged, members, in_text):
    """How much one matched term counts: said in the community's own words most, then members
    who list it, then content tagged with it (each with diminishing returns)."""
    return (3.0 if in_text else 0.0) + 1.5 * math.log1p(members) + 1.0 * math.log1p(tagged)


def phrases(text):
    """Every run of one to three words in `text`, lower case (for matching known terms)."""
    words = re.findall(r"[\w'-]+", (text or "").lower())
    found = set()
    for size in range(1, LONGEST_PHRASE + 1):
        for start in range(len(words) - size + 1):
            found.add(" ".join(words[start : start + size]))
    return found


def _known_terms(candidates):
    """The candidate phrases that are a tag or a service area somebody could list."""
    if not candidates:
        return set()
    candidates = list(candidates)
    tags = Tag.objects.annotate(lower=Lower("name")).filter(lower__in=candidates)
    areas = ServiceArea.objects.annotate(lower=Lower("name")).filter(lower__in=candidates)
    return set(tags.values_list("lower", flat=True)) | set(areas.values_list("lower", flat=True))


def _member_counts(community):
    """{term: number of findable members listing it as expertise, interest or service area}."""
    members = Membership.objects.filter(community=community).values("user_id")
    listed = defaultdict(set)
    for through in (ExpertiseTag, InterestTag):
        rows = through.objects.filter(
            content_object__user_id__in=members, content_object__active=True
        ).values_list("content_object_id", Lower("tag__name"))
        for profile_id, name in rows:
            listed[name].add(profile_id)
    areas = ServiceArea.profiles.through.objects.filter(
        profile__user_id__in=members, profile__active=True
    ).values_list("profile_id", Lower("servicearea__name"))
    for profile_id, name in areas:
        listed[name].add(profile_id)
    return {term: len(people) for term, people in listed.items()}


def refresh_terms(community):
    """Rewrite what `community` is about: its members' listed terms, the tags used on its
    content, and the known terms in its own words. Idempotent; a task runs it."""
    tagged = dict(
        TaggedItem.objects.filter(community=community)  # visibility: counts only, never shown
        .annotate(lower=Lower("tag__name"))
        .values("lower")
        .annotate(n=Count("pk"))
        .values_list("lower", "n")
    )
    members = _member_counts(community)
    words = " ".join(
        [community.name, community.short_description, community.domain, community.purpose]
    )
    in_text = _known_terms(phrases(words))
    rows = []
    for term in set(tagged) | set(members) | in_text:
        if not term or len(term) > 100:
            continue
        counts = {
            "tagged": tagged.get(term, 0),
            "members": members.get(term, 0),
            "in_text": term in in_text,
        }
        rows.append(
            CommunityTerm(community=community, term=term, weight=term_weight(**counts), **counts)
        )
    rows = sorted(rows, key=lambda row: (-row.weight, row.term))[:TERMS_KEPT]
    with transaction.atomic():
        CommunityTerm.objects.filter(community=community).delete()
        CommunityTerm.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def refresh_all():
    """Every live community's terms (the nightly task); archived ones are never recommended."""
    ids = list(Community.objects.live().not_archived().values_list("pk", flat=True))
    CommunityTerm.objects.exclude(community_id__in=ids).delete()
    for community in Community.objects.filter(pk__in=ids).iterator():
        refresh_terms(community)
    return len(ids)
