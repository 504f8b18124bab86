"""The people finder and "People like me": the queries, and what each result shows.

Every list of people is built in a constant number of queries, whatever the page size:
one capped count, one page of profiles (with their users), one for the expertise tags, one
for the viewer's contact relations, one for shared communities. See docs/profiles.md for the
indexes these rely on and bench/people_finder.py for timings on 200,000 profiles.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import quote

from django.db import connection
from django.db.models import Case, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext
from taggit.models import Tag

from core.links import url_maker
from core.paging import CappedPaginator as BaseCappedPaginator

from .models import Contact, ExpertiseTag, InterestTag, Profile
from .services import profile_for

PAGE_SIZE = 20
# Counting every match of a broad search on a large site is the slow part of a results page;
# past this many we say "more than 1,000" and ask for a narrower search instead.
MAX_RESULTS = 1000
LIKE_ME_LIMIT = 20
# Name words shorter than this (too short for a trigram) match the start of a word only.
SHORT_WORD = 3


class CappedPaginator(BaseCappedPaginator):
    """Never counts past MAX_RESULTS people."""

    cap = MAX_RESULTS


@dataclass(frozen=True)
class Criteria:
    name: str = ""
    organisation: str = ""
    expertise: str = ""
    interest: str = ""
    service_area: object = None
    region: str = ""
    # {text: tag ids}, so the search and every explainer on one page look a text up once.
    _tags: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def tags_matching(self, text):
        """tags_matching(text), asked once for this search."""
        if text not in self._tags:
            self._tags[text] = tags_matching(text)
        return self._tags[text]

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
    """Everyone `viewer` may find: findable accounts (active, with a verified email address:
    Profile.active, the copy of User.objects.findable()), not hidden from the finder, no block
    either way. Every list of people starts here."""
    return Profile.objects.active().listed().not_blocked_with(viewer)


def search(viewer, criteria):
    """Profiles matching every given criterion, ordered by name. Not yet sliced; pass the
    page through for_cards() to load what a result card shows.

    Everything it filters and sorts on is in profiles_profile (Profile.name is the finder's
    copy of the user's name), so PostgreSQL can walk the partial name-order indexes or use the
    trigram ones without joining accounts_user for every candidate; the users are fetched for
    the page alone (for_cards).
    """
    profiles = findable_by(viewer)
    words = criteria.name.split()
    for word in words:
        profiles = profiles.filter(name_matches(word))
    if criteria.organisation:
        profiles = profiles.filter(organisation__icontains=criteria.organisation)
    for through, text in ((ExpertiseTag, criteria.expertise), (InterestTag, criteria.interest)):
        if text:
            profiles = profiles.filter(
                pk__in=through.objects.filter(tag_id__in=criteria.tags_matching(text)).values(
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
    if words:
        # Names starting with what was typed come first ("Ann Smith" before "Joanne Ray").
        # Being unindexable, this order also makes PostgreSQL fetch the few matching names
        # through the trigram index and sort them, rather than walk the whole name index
        # hoping to meet them early (matches of a name search cluster in name order).
        starts = Case(When(name__istartswith=words[0], then=Value(0)), default=Value(1))
        return profiles.annotate(name_rank=starts).order_by("name_rank", "name", "id")
    return profiles.order_by("name", "id")


def name_matches(word):
    """Names containing `word`; a word of one or two letters must start the name or one of its
    words ("jo" finds Jo Bloggs and Mary Jones, not Marjorie).

    So short a word holds no trigram, so "contains" could only be answered by reading every
    name; "starts with" is served by the prefix index on UPPER(name) (migration 0006) and
    "a space then the letters" by the trigram index, on PostgreSQL. Shorter words than this
    are also the ones that match so many names that "contains" is noise.
    """
    if len(word) >= SHORT_WORD:
        return Q(name__icontains=word)
    return Q(name__istartswith=word) | Q(name__icontains=f" {word}")


def tags_matching(text):
    """Ids of the tags whose name contains `text` (the tag table is small).

    Fetched first, as a list, so the planner sees the actual tag ids and their frequencies: a
    tag held by 4% of members is then found by walking the name index, not by joining all of
    them (measured on 200,000 profiles: 4 ms instead of 150 ms).
    """
    return list(Tag.objects.filter(name__icontains=text).values_list("id", flat=True))


def my_tag_ids(viewer):
    profile = profile_for(viewer)
    expertise = ExpertiseTag.objects.filter(content_object=profile).values_list("tag_id", flat=True)
    interests = InterestTag.objects.filter(content_object=profile).values_list("tag_id", flat=True)
    return sorted(set(expertise) | set(interests))


def _scores(tag_ids, limit, offset):
    """[(profile_id, score)], most shared tags first, counted in the two tag tables alone.

    One GROUP BY over the tag rows that mention the viewer's tags: far cheaper on a large site
    than a per-candidate count, and plain SQL that SQLite and PostgreSQL both run.
    """
    marks = ", ".join(["%s"] * len(tag_ids))
    # Table names come from our own models; every value is a query parameter.
    sql = (
        "SELECT profile_id, COUNT(*) AS score FROM ("  # noqa: S608
        f"SELECT content_object_id AS profile_id FROM {ExpertiseTag._meta.db_table} "
        f"WHERE tag_id IN ({marks}) "
        "UNION ALL "
        f"SELECT content_object_id AS profile_id FROM {InterestTag._meta.db_table} "
        f"WHERE tag_id IN ({marks})"
        ") shared GROUP BY profile_id ORDER BY score DESC, profile_id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*tag_ids, *tag_ids, limit, offset])
        return cursor.fetchall()


def people_like_me(viewer, tag_ids, limit=LIKE_ME_LIMIT):
    """Members whose expertise or interests share tags with the viewer's, most shared first.

    The score is the number of the viewer's tags (expertise and interests together) found in
    the other person's expertise, plus the number found in their interests; equal scores come
    in the order people joined. Who may be found is still findable_by(): the scores are
    fetched a few pages at a time and filtered through it (once, unless most of a batch is
    hidden, blocked or suspended).
    """
    if not tag_ids:
        return []
    mine = profile_for(viewer).pk
    batch, offset, found = limit * 3, 0, []
    while len(found) < limit:
        scored = _scores(tag_ids, batch, offset)
        ids = [profile_id for profile_id, _ in scored if profile_id != mine]
        allowed = with_expertise(findable_by(viewer).filter(pk__in=ids).select_related("user"))
        allowed = {profile.pk: profile for profile in allowed}
        for profile_id, score in scored:
            if profile_id in allowed:
                allowed[profile_id].score = score
                found.append(allowed[profile_id])
        if len(scored) < batch:
            break
        offset += batch
    return found[:limit]


# Called as explain(profiles, criteria, viewer) after the finder's own reasons are set, so a
# higher layer adds its evidence (finding: answers chosen in communities the viewer can see)
# without this layer importing it. A list, not a signal: explicit, greppable.
_explainers = []


def register_explainer(explainer):
    _explainers.append(explainer)
    return explainer


def explain(profiles, criteria, viewer):
    """Set `profile.reasons` on each result: why it matched, as (label, [words]) pairs
    ("expertise", ["commissioning"]). One query for the page's matching interests; the
    expertise is already prefetched (for_cards); registered explainers add theirs."""
    profiles = list(profiles)
    if not profiles or criteria.is_empty:
        return profiles
    interests = defaultdict(list)
    if criteria.interest:
        rows = InterestTag.objects.filter(
            content_object_id__in=[p.pk for p in profiles],
            tag_id__in=criteria.tags_matching(criteria.interest),
        ).select_related("tag")
        for row in rows.order_by("position", "pk"):
            interests[row.content_object_id].append(row.tag.name)
    wanted = criteria.expertise.lower()
    for profile in profiles:
        reasons = []
        if criteria.name:
            reasons.append((gettext("name"), [profile.name]))
        if criteria.organisation:
            reasons.append((gettext("organisation"), [profile.organisation]))
        if wanted:
            names = [
                item.tag.name
                for item in profile.expertise_items.all()
                if wanted in item.tag.name.lower()
            ]
            reasons.append((gettext("expertise"), names))
        if interests.get(profile.pk):
            reasons.append((gettext("interest"), interests[profile.pk]))
        if criteria.service_area:
            reasons.append((gettext("service area"), [criteria.service_area.name]))
        if criteria.region:
            reasons.append((gettext("region"), [profile.get_region_display()]))
        profile.reasons = reasons
    for explainer in _explainers:
        explainer(profiles, criteria, viewer)
    return profiles


def suggestions(criteria, limit=6):
    """What to try after a search that found nobody: tags close to the words typed (sharing
    their first letters), most listed first. One query per tag field typed."""
    found = []
    for text in (criteria.expertise, criteria.interest):
        stem = text.split()[0][:4] if text.split() else ""
        if len(stem) < 3:
            continue
        found += list(
            Tag.objects.filter(name__icontains=stem)
            .exclude(name__iexact=text)
            .order_by("name")
            .values_list("name", flat=True)[:limit]
        )
    return list(dict.fromkeys(found))[:limit]


def for_cards(profiles):
    """What a result card shows: the user (for the page only) and the expertise tags."""
    return with_expertise(profiles.prefetch_related("user"))


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
    - `shared_communities`: communities both are members of that the viewer may see, each with
      its `home_url`;
    - `links`: the card's addresses (the profile, messaging, adding or removing the contact,
      and a finder search for each of the first areas of expertise).
    Three queries for the whole page (two here, one for shared communities).
    """
    profiles = list(profiles)
    user_ids = [p.user_id for p in profiles]
    if not user_ids:
        return profiles
    url = {name: url_maker(f"profiles:{name}", "username") for name in _CARD_LINKS}
    finder_url = reverse("profiles:finder")
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
        username = profile.user.username
        profile.links = SimpleNamespace(
            expertise=[
                (name, f"{finder_url}?expertise={quote(name, safe='/')}")
                for name in profile.top_expertise
            ],
            **{name: url[name](username) for name in _CARD_LINKS},
        )
    return profiles


# The links on every person card, each kind reversed once per list (core.links.url_maker).
_CARD_LINKS = ("detail", "compose", "contact_add", "contact_remove")


def _seen_live_communities(viewer):
    """A Q for memberships of live communities `viewer` may see, by the communities app's own
    rule (Community.objects.visible_to(viewer).live()), tested on the memberships' own rows.

    As `community__in=<visible communities>` PostgreSQL read every community to build the
    set and joined it to the few memberships asked about (10 ms for a member who can see 1,300
    communities); here it looks up each membership's community and tests it."""
    from communities.models import Community
    from communities.querysets import community_in
    from communities.sight import sight_of

    return community_in(sight_of(viewer).ids()) & Q(community__status=Community.Status.APPROVED)


def shared_communities(viewer, user_ids):
    """{user_id: [Community, ...]} of communities each person shares with the viewer.

    Only communities the viewer may see, by the communities app's own rule.
    """
    from communities.models import Membership

    mine = Membership.objects.filter(user=viewer).values("community_id")
    shared = defaultdict(list)
    rows = (
        Membership.objects.filter(_seen_live_communities(viewer), user_id__in=user_ids)
        .filter(community_id__in=mine)
        .exclude(user=viewer)
        .select_related("community")
        .order_by("community__name")
    )
    home_url = url_maker("communities:home", "slug")
    for membership in rows:
        community = membership.community
        community.home_url = home_url(community.slug)
        shared[membership.user_id].append(community)
    return shared


def memberships_seen_by(person, viewer):
    """`person`'s memberships of live communities `viewer` may see (public ones, and private
    ones only if the viewer is a member too), by the communities app's own rule."""
    from communities.models import Membership

    return (
        Membership.objects.filter(_seen_live_communities(viewer), user=person)
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
