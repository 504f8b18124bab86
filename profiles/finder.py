"""The people finder and "People like me": the queries, and what each result shows.

Every list of people is built in a constant number of queries, whatever the page size:
one capped count, one page of profiles (with their users), one for the expertise tags, one
for the viewer's contact relations, one for shared communities. See docs/profiles.md for the
indexes these rely on and bench/people_finder.py for timings on 200,000 profiles.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from .models import Contact, ExpertiseTag, InterestTag, Profile
from .services import profile_for

PAGE_SIZE = 20
# Counting every match of a broad search on a large site is the slow part of a results page;
# past this many we say "more than 1,000" and ask for a narrower search instead.
MAX_RESULTS = 1000
LIKE_ME_LIMIT = 20


class CappedPaginator(Paginator):
    """A Paginator that never counts past `cap` rows (COUNT over a LIMITed subquery)."""

    def __init__(self, object_list, per_page, cap=MAX_RESULTS, **kwargs):
        self.cap = cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def uncapped_count(self):
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.uncapped_count, self.cap)

    @property
    def is_capped(self):
        return self.uncapped_count > self.cap


@dataclass(frozen=True)
class Criteria:
    name: str = ""
    organisation: str = ""
    expertise: str = ""
    interest: str = ""
    service_area: object = None
    region: str = ""

    @property
    def is_empty(self):
        return not any(
            (
                self.name,
                self.organisation,
                self.expertise,
                self.interest,
                self.service_area,
                self.region,
            )
        )


def findable_by(viewer):
    """Everyone `viewer` may find: active, not hidden from the finder, no block either way."""
    return Profile.objects.active().listed().not_blocked_with(viewer)


def search(viewer, criteria):
    """Profiles matching every given criterion, ordered by name. Not yet sliced."""
    profiles = findable_by(viewer)
    for word in criteria.name.split():
        profiles = profiles.filter(user__name__icontains=word)
    if criteria.organisation:
        profiles = profiles.filter(organisation__icontains=criteria.organisation)
    if criteria.expertise:
        profiles = profiles.filter(
            pk__in=ExpertiseTag.objects.filter(tag__name__icontains=criteria.expertise).values(
                "content_object_id"
            )
        )
    if criteria.interest:
        profiles = profiles.filter(
            pk__in=InterestTag.objects.filter(tag__name__icontains=criteria.interest).values(
                "content_object_id"
            )
        )
    if criteria.service_area:
        profiles = profiles.filter(
            pk__in=Profile.service_areas.through.objects.filter(
                servicearea_id=criteria.service_area.pk
            ).values("profile_id")
        )
    if criteria.region:
        profiles = profiles.filter(region=criteria.region)
    return profiles.select_related("user").order_by("user__name", "user_id")


def my_tag_ids(viewer):
    profile = profile_for(viewer)
    expertise = ExpertiseTag.objects.filter(content_object=profile).values_list("tag_id", flat=True)
    interests = InterestTag.objects.filter(content_object=profile).values_list("tag_id", flat=True)
    return sorted(set(expertise) | set(interests))


def _overlap(through, tag_ids):
    return Coalesce(
        Subquery(
            through.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
            .order_by()
            .values("content_object")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def people_like_me(viewer, tag_ids, limit=LIKE_ME_LIMIT):
    """Members whose expertise or interests share tags with the viewer's, most shared first.

    The score is the number of the viewer's tags (expertise and interests together) found in
    the other person's expertise, plus the number found in their interests.
    """
    if not tag_ids:
        return []
    candidates = Q(
        pk__in=ExpertiseTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
    ) | Q(pk__in=InterestTag.objects.filter(tag_id__in=tag_ids).values("content_object_id"))
    people = (
        findable_by(viewer)
        .exclude(user=viewer)
        .filter(candidates)
        .annotate(score=_overlap(ExpertiseTag, tag_ids) + _overlap(InterestTag, tag_ids))
        .select_related("user")
        .order_by("-score", "user__name", "user_id")
    )
    return list(with_expertise(people)[:limit])


def with_expertise(profiles):
    """Prefetch each profile's expertise tags in the person's own order (one query)."""
    return profiles.prefetch_related(
        Prefetch(
            "expertise_items",
            queryset=ExpertiseTag.objects.select_related("tag").order_by("position", "pk"),
        )
    )


def decorate(profiles, viewer):
    """Set on each profile what a result card shows about the viewer's relation to them.

    - `viewer_is_contact`: the person marked the viewer as a contact (rules.visible_fields);
    - `viewer_is_blocked`: False, since lists never include people who blocked the viewer;
    - `in_my_contacts`: the viewer marked the person as a contact (the button's state);
    - `shared_communities`: communities both are members of that the viewer may see.
    Three queries for the whole page (two here, one for shared communities).
    """
    profiles = list(profiles)
    user_ids = [p.user_id for p in profiles]
    if not user_ids:
        return profiles
    pairs = set(
        Contact.objects.filter(
            Q(owner_id__in=user_ids, contact=viewer) | Q(owner=viewer, contact_id__in=user_ids)
        ).values_list("owner_id", "contact_id")
    )
    shared = shared_communities(viewer, user_ids)
    for profile in profiles:
        profile.viewer_is_contact = (profile.user_id, viewer.pk) in pairs
        profile.viewer_is_blocked = False
        profile.in_my_contacts = (viewer.pk, profile.user_id) in pairs
        profile.shared_communities = shared.get(profile.user_id, [])
    return profiles


def shared_communities(viewer, user_ids):
    """{user_id: [Community, ...]} of communities each person shares with the viewer.

    Only communities the viewer may see, by the communities app's own rule.
    """
    from communities.models import Community, Membership

    mine = Membership.objects.filter(user=viewer).values("community_id")
    visible = Community.objects.visible_to(viewer).live().filter(pk__in=mine)
    shared = defaultdict(list)
    rows = (
        Membership.objects.filter(user_id__in=user_ids, community__in=visible)
        .exclude(user=viewer)
        .select_related("community")
        .order_by("community__name")
    )
    for membership in rows:
        shared[membership.user_id].append(membership.community)
    return shared


def memberships_seen_by(person, viewer):
    """`person`'s memberships of live communities `viewer` may see (public ones, and private
    ones only if the viewer is a member too), by the communities app's own rule."""
    from communities.models import Community, Membership

    return (
        Membership.objects.filter(
            user=person, community__in=Community.objects.visible_to(viewer).live()
        )
        .select_related("community")
        .order_by("community__name")
    )


def communities_of(person, viewer):
    return [membership.community for membership in memberships_seen_by(person, viewer)]


def shared_tags(viewer_tag_ids, profiles):
    """{profile_id: {"expertise": [...], "interests": [...]}}: why each person is "like me"."""
    ids = [p.pk for p in profiles]
    result = defaultdict(lambda: {"expertise": [], "interests": []})
    for key, through in (("expertise", ExpertiseTag), ("interests", InterestTag)):
        rows = (
            through.objects.filter(content_object_id__in=ids, tag_id__in=viewer_tag_ids)
            .select_related("tag")
            .order_by("position", "pk")
        )
        for row in rows:
            result[row.content_object_id][key].append(row.tag.name)
    return result
