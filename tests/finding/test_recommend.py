"""Ranking recommended communities from small hand-made profiles."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Community
from finding import recommend, services
from profiles import services as profile_services
from profiles.models import ExpertiseTag
from tags.services import tag_add
from tests.communities.factories import CommunityFactory, member_of
from tests.finding.factories import community_about, refresh
from tests.forums.factories import topic
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


def names(found):
    return [r.community.name for r in found]


def test_a_community_whose_own_words_match_my_interest_is_recommended_with_the_reason():
    me = person(interests=["social media"])
    community_about("Online Collaboration", domain="Using social media in councils.")
    community_about("Planning Officers", domain="Local plans and appeals.")

    [found] = [r for r in recommend.recommend(me) if not r.popular]

    assert found.community.name == "Online Collaboration"
    assert found.terms == [("social media", "interests")]


def test_members_who_list_my_expertise_make_a_community_rank_higher():
    me = person(expertise=["procurement"])
    busy = community_about("Buyers Network", domain="Buying things.", refresh=False)
    quiet = community_about("Contracts Club", domain="Contracts.", refresh=False)
    for _ in range(3):
        member_of(busy, person(expertise=["procurement"]))
    member_of(quiet, person(interests=["procurement"]))
    refresh(busy, quiet)

    found = recommend.recommend(me)

    assert names(found)[:2] == ["Buyers Network", "Contracts Club"]
    assert found[0].members == 3 and found[0].member_term == "procurement"


def test_service_area_counts_and_words_of_the_domain_count_most():
    me = person(service_areas=["Adult social care"], interests=["housing"])
    care = community_about("Care Leads", domain="Adult social care commissioning.")
    housing = community_about("Homes", domain="Homes.", refresh=False)
    member_of(housing, person(interests=["housing"]))
    refresh(housing)

    found = recommend.recommend(me)

    assert names(found)[0] == "Care Leads"
    assert found[0].terms == [("adult social care", "service area")]
    assert care.pk != housing.pk


def test_tags_used_on_content_count():
    me = person(expertise=["benchmarking"])
    community = community_about("Performance", domain="Figures.", refresh=False)
    author = member_of(community)
    tag_add(user=author, item=topic(community, author, title="Our figures"), names="benchmarking")
    refresh(community)

    [found] = recommend.recommend(me)
    assert found.community == community and found.tagged == 1


def test_activity_breaks_a_tie():
    me = person(interests=["housing"])
    old = community_about("Housing Old", domain="housing")
    new = community_about("Housing New", domain="housing")
    Community.objects.filter(pk=old.pk).update(
        last_activity_at=timezone.now() - timedelta(days=200)
    )

    assert names(recommend.recommend(me))[:2] == [new.name, old.name]


def test_joined_dismissed_private_archived_and_pending_communities_are_never_recommended():
    me = person(interests=["housing"])
    joined = community_about("Housing Joined", domain="housing")
    member_of(joined, me)
    dismissed = community_about("Housing Dismissed", domain="housing")
    services.dismiss(user=me, community=dismissed)
    community_about("Housing Private", domain="housing", private=True)
    community_about("Housing Archived", domain="housing", archived=True)
    community_about("Housing Pending", domain="housing", pending=True)
    private_parent = CommunityFactory(name="Secret Parent", private=True)
    community_about("Housing Sub", domain="housing", parent=private_parent)
    shown = community_about("Housing Open", domain="housing")

    assert names(recommend.recommend(me)) == [shown.name]


def test_what_changes_after_a_recommendation_was_shown_changes_the_next_at_once():
    """The candidates' SQL is kept per member and state of sight: joining, dismissing, a
    community turning private or becoming an archive, and a new interest all show at once."""
    me = person(interests=["housing"])
    joined, dismissed, hidden, archived = (
        community_about(f"Housing {n}", domain="housing") for n in range(4)
    )
    assert set(names(recommend.recommend(me))) == {
        c.name for c in (joined, dismissed, hidden, archived)
    }

    member_of(joined, me)
    services.dismiss(user=me, community=dismissed)
    hidden.visibility = Community.Visibility.PRIVATE
    hidden.save()
    Community.objects.filter(pk=archived.pk).update(stage=Community.Stage.CLOSEDOWN)

    assert recommend.recommend(me) == [], "not even as a popular community"

    planning = community_about("Planning Officers", domain="planning")
    profile_services._set_tags(profile_services.profile_for(me), ExpertiseTag, ["Planning"])
    [found] = recommend.recommend(me)
    assert found.community == planning
    assert found.terms == [("planning", "expertise")]


def test_my_terms_are_lower_case_from_expertise_interests_and_service_areas():
    me = person(
        expertise=["Housing"], interests=["housing", "Social Media"], service_areas=["Planning"]
    )

    assert recommend.member_terms(me) == {
        "housing": "expertise",
        "social media": "interest",
        "planning": "area",
    }


def test_at_most_five():
    me = person(interests=["housing"])
    for n in range(7):
        community_about(f"Housing {n}", domain="housing")

    assert len(recommend.recommend(me)) == 5


def test_an_empty_profile_gets_the_most_active_public_communities():
    me = person()
    lively = CommunityFactory(name="Lively")
    sleepy = CommunityFactory(name="Sleepy")
    CommunityFactory(name="Hidden", private=True)
    Community.objects.filter(pk=sleepy.pk).update(
        last_activity_at=timezone.now() - timedelta(days=90)
    )

    found = recommend.recommend(me)

    assert names(found) == [lively.name, sleepy.name]
    assert all(r.popular for r in found)


def test_recommendations_take_a_constant_number_of_queries(django_assert_max_num_queries):
    me = person(expertise=["housing", "planning"], interests=["social media"])
    for n in range(8):
        community = community_about(f"Housing {n}", domain="housing and planning", refresh=False)
        for _ in range(2):
            member_of(community, person(expertise=["planning"]))
        refresh(community)

    recommend.recommend(me)  # warms what communities.sight caches
    with django_assert_max_num_queries(4):
        found = recommend.recommend(me)
    assert len(found) == 5


def test_refreshing_twice_changes_nothing():
    community = community_about("Housing", domain="housing")
    before = list(community_terms(community))
    recommend.refresh_terms(community)
    assert list(community_terms(community)) == before


def community_terms(community):
    from finding.models import CommunityTerm

    return (
        CommunityTerm.objects.filter(community=community)
        .order_by("term")
        .values_list("term", "members", "tagged", "in_text")
    )


def test_the_popular_list_follows_joining_dismissing_privacy_and_the_clock_at_once(monkeypatch):
    """The popular list's SQL is kept per member and state of sight, with the clock put in on
    each use: a community whose read-only date passes drops out without anything else
    changing."""
    me = person()
    now = timezone.now()
    joined, dismissed, hidden = (CommunityFactory(name=f"Lively {n}") for n in range(3))
    closing = CommunityFactory(
        name="Closing", stage=Community.Stage.CLOSEDOWN, read_only_from=now + timedelta(hours=1)
    )
    everyone = {joined.name, dismissed.name, hidden.name, closing.name}
    assert set(names(recommend.recommend(me))) == everyone

    member_of(joined, me)
    services.dismiss(user=me, community=dismissed)
    hidden.visibility = Community.Visibility.PRIVATE
    hidden.save()
    assert names(recommend.recommend(me)) == [closing.name]

    monkeypatch.setattr(recommend.timezone, "now", lambda: now + timedelta(hours=2))
    assert recommend.recommend(me) == []
