"""Usage figures for site admins, and per community for facilitators."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activity.models import Verb
from alerts.models import Frequency
from alerts.services import preferences_update, subscribe
from tests.accounts.factories import AdminFactory, UserFactory
from tests.activity.factories import log
from tests.communities.factories import CommunityFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_community():
    """Ten members: one creator, two who only respond, seven readers (and an old post)."""
    community = CommunityFactory(name="Performance Management", stage="sustain")
    members = [member_of(community) for _ in range(10)]
    creator, replier, editor = members[:3]
    log(Verb.TOPIC_STARTED, actor=creator, community=community, ago=timedelta(days=2))
    log(Verb.WIKI_CREATED, actor=creator, community=community, ago=timedelta(days=3))
    log(Verb.REPLY_POSTED, actor=replier, community=community, ago=timedelta(days=2))
    log(Verb.REPLY_POSTED, actor=replier, community=community, ago=timedelta(days=1))
    log(Verb.WIKI_EDITED, actor=editor, community=community, ago=timedelta(days=1))
    log(Verb.BLOG_PUBLISHED, actor=members[3], community=community, ago=timedelta(days=200))
    return community, members


def figures(report):
    return {figure["key"]: figure["value"] for figure in report["content"]}


def test_site_admins_see_the_seeds_figures_for_the_last_30_days(client, busy_community):
    CommunityFactory(name="Planning CoP", stage="planning")
    parent = CommunityFactory(name="Parent CoP", stage="startup")
    CommunityFactory(name="Task Group", parent=parent, stage="startup")
    client.force_login(AdminFactory())

    response = client.get(reverse("activity:site_metrics"))

    assert response.status_code == 200
    report = response.context["report"]
    assert report["communities"]["top"] == 3 and report["communities"]["sub"] == 1
    counts = figures(report)
    assert counts["forum_posts"] == 3 and counts["topics"] == 1
    assert counts["wiki_pages"] == 1 and counts["wiki_edits"] == 1
    assert counts["blog_posts"] == 0  # 200 days ago: outside the period
    split = report["participation"]
    assert (split["members"], split["creators"], split["contributors"], split["readers"]) == (
        10,
        1,
        2,
        7,
    )
    assert split["active_pct"] == 30.0 and split["creators_pct"] == 10.0
    stages = {s["stage"]: s["count"] for s in report["stages"]}
    assert stages == {"planning": 1, "startup": 2, "nurture": 0, "sustain": 1, "closedown": 0}
    page = response.content.decode()
    assert "Communities by lifecycle stage" in page and "<svg" in page and "<table" in page


def test_a_longer_period_counts_older_activity_and_charts_it_by_month(client, busy_community):
    client.force_login(AdminFactory())
    response = client.get(reverse("activity:site_metrics"), {"period": "12m"})
    report = response.context["report"]
    assert figures(report)["blog_posts"] == 1
    assert report["chart"]["unit"] == "month"
    assert sum(bar["value"] for bar in report["chart"]["bars"]) == 6


def test_custom_dates_are_checked_and_explained(client):
    client.force_login(AdminFactory())
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.get(
        reverse("activity:site_metrics"),
        {"period": "custom", "start": "2026-03-10", "end": "2026-03-01"},
    )
    assert "The last day must be on or after the first day." in response.content.decode()
    response = client.get(
        reverse("activity:site_metrics"),
        {"period": "custom", "start": "2026-01-01", "end": tomorrow.isoformat()},
    )
    assert "The period cannot end in the future." in response.content.decode()
    response = client.get(reverse("activity:site_metrics"), {"period": "custom"})
    assert "Enter the first day of the period." in response.content.decode()


def test_custom_dates_include_both_ends(client):
    community = CommunityFactory()
    day = timezone.localdate() - timedelta(days=10)
    log(community=community, ago=timedelta(days=10))
    client.force_login(AdminFactory())
    response = client.get(
        reverse("activity:site_metrics"),
        {"period": "custom", "start": day.isoformat(), "end": day.isoformat()},
    )
    assert figures(response.context["report"])["topics"] == 1
    assert response.context["report"]["chart"]["unit"] == "day"


def test_the_site_report_costs_the_same_queries_for_one_or_many_communities(
    client, django_assert_max_num_queries
):
    client.force_login(AdminFactory())
    CommunityFactory()
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("activity:site_metrics"))
    for _ in range(15):
        community = CommunityFactory()
        log(community=community, actor=member_of(community))
    with django_assert_max_num_queries(15) as many:
        client.get(reverse("activity:site_metrics"))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_only_site_admins_see_the_site_figures(client):
    client.force_login(UserFactory())
    assert client.get(reverse("activity:site_metrics")).status_code == 403


def test_facilitators_see_their_communitys_figures_and_who_gets_alerts(client, busy_community):
    community, members = busy_community
    facilitator = member_of(community, facilitator=True)
    subscribe(user=members[0], target=community, frequency=Frequency.IMMEDIATE)
    subscribe(user=members[1], target=community, frequency=Frequency.WEEKLY)
    subscribe(user=members[2], target=community, frequency=Frequency.OFF)
    subscribe(user=members[3], target=community, frequency=Frequency.DAILY)
    subscribe(user=members[4], target=community, frequency=Frequency.DAILY)
    preferences_update(user=members[4], default_frequency=Frequency.DAILY, paused=True)
    subscribe(user=members[5], target=community, feature="forum")
    client.force_login(facilitator)

    response = client.get(reverse("activity:community_metrics", args=[community.slug]))

    assert response.status_code == 200
    report = response.context["report"]
    assert figures(report)["forum_posts"] == 3
    assert report["participation"]["members"] == 11
    reach = response.context["reach"]
    assert reach == {
        "total": 11,
        "immediate": 1,
        "daily": 1,
        "weekly": 1,
        "off": 1,
        "none": 6,
        "paused": 1,
        "receiving": 3,
    }
    assert "Who hears from Performance Management by email" in response.content.decode()


def test_members_who_do_not_facilitate_cannot_see_community_figures(client, busy_community):
    community, members = busy_community
    client.force_login(members[0])
    response = client.get(reverse("activity:community_metrics", args=[community.slug]))
    assert response.status_code == 403
