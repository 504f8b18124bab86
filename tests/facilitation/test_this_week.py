"""A facilitator's week on one screen: each block shows what waits and acts in place."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Membership, MembershipRequest
from facilitation.models import PersonalNote, Visit, WeeklyEmailOptOut, WeekSettings
from facilitation.services import NOTES_PER_DAY
from facilitation.visits import flush_visits
from forums.models import Post, Topic
from profiles.models import Conversation
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipRequestFactory, member_of
from tests.facilitation.factories import community_with_members
from tests.forums.factories import reply, topic

pytestmark = pytest.mark.django_db


def week_url(community):
    return reverse("facilitation:week", args=[community.slug])


def aged(item, **ago):
    when = timezone.now() - timedelta(**ago)
    Topic.objects.filter(pk=item.pk).update(created=when)
    Post.objects.filter(topic=item, is_opening=True).update(created=when)
    return item


def joined(community, user, **ago):
    Membership.objects.filter(community=community, user=user).update(
        created=timezone.now() - timedelta(**ago)
    )


@pytest.fixture
def community():
    return CommunityFactory(name="Adoption Policy CoP", private=True)


@pytest.fixture
def facilitator(community):
    return member_of(community, UserFactory(name="Fiona Facilitator"), facilitator=True)


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


def test_the_community_header_and_my_home_lead_facilitators_to_this_week(
    facilitator_client, community
):
    home = facilitator_client.get(community.get_absolute_url()).content.decode()
    assert week_url(community) in home
    my_home = facilitator_client.get(reverse("core:home")).content.decode()
    assert week_url(community) in my_home


def test_members_do_not_see_the_link_and_are_refused(client, community):
    member = member_of(community)
    client.force_login(member)
    assert week_url(community) not in client.get(community.get_absolute_url()).content.decode()
    assert client.get(week_url(community)).status_code == 403


def test_a_request_is_approved_in_place_and_the_page_comes_back(facilitator_client, community):
    req = MembershipRequestFactory(
        community=community, user=UserFactory(name="Rob Requester"), reason="I chair a panel."
    )
    page = facilitator_client.get(week_url(community)).content.decode()
    assert "Rob Requester" in page and "I chair a panel." in page and "Waiting" in page

    response = facilitator_client.post(
        reverse("facilitation:request_decide", args=[community.slug, req.pk]),
        {"decision": "approve", "message": "Welcome!"},
    )

    assert response.status_code == 302
    assert response["Location"] == week_url(community) + "#requests"
    req.refresh_from_db()
    assert req.state == MembershipRequest.State.APPROVED
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Rob Requester is now a member of Adoption Policy CoP." in page


def test_topics_with_no_reply_after_the_chosen_hours_are_listed_oldest_first(
    facilitator_client, community, facilitator
):
    author = member_of(community)
    newer = aged(topic(community, author, title="Newer question"), hours=50)
    older = aged(topic(community, author, title="Older question"), hours=90)
    aged(topic(community, author, title="Too fresh"), hours=2)
    answered = aged(topic(community, author, title="Answered"), hours=90)
    reply(answered, facilitator)

    page = facilitator_client.get(week_url(community)).content.decode()

    assert page.index("Older question") < page.index("Newer question")
    assert "Too fresh" not in page and "Answered" not in page
    assert reverse("forums:reply", args=[community.slug, older.pk]) in page
    assert reverse("facilitation:ask", args=[community.slug, newer.pk]) in page

    facilitator_client.post(
        reverse("facilitation:settings", args=[community.slug]), {"unanswered_hours": "72"}
    )
    assert WeekSettings.objects.get(community=community).unanswered_hours == 72
    page = facilitator_client.get(week_url(community)).content.decode()
    assert "Older question" in page and "Newer question" not in page


def test_a_bad_number_of_hours_is_shown_again_with_a_message(facilitator_client, community):
    response = facilitator_client.post(
        reverse("facilitation:settings", args=[community.slug]), {"unanswered_hours": "9999"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose between 1 hour and 720 hours" in page and 'value="9999"' in page


def test_asking_someone_posts_a_reply_with_the_mention(facilitator_client, community):
    helper = member_of(community, UserFactory(username="mei", name="Mei Chen"))
    question = aged(topic(community, member_of(community), title="Late reports?"), hours=80)
    ask = reverse("facilitation:ask", args=[community.slug, question.pk])

    form = facilitator_client.get(ask + "?to=mei").content.decode()
    assert "@mei could you help with this?" in form

    response = facilitator_client.post(ask, {"body": "@mei could you help with this one?"})

    assert response.status_code == 302
    post = Post.objects.get(topic=question, is_opening=False)
    assert "Mei Chen" in post.body  # the mention links to her profile, and she is told
    assert helper


def test_an_empty_ask_is_shown_again(facilitator_client, community):
    question = aged(topic(community, member_of(community)), hours=80)
    response = facilitator_client.post(
        reverse("facilitation:ask", args=[community.slug, question.pk]), {"body": ""}
    )
    assert response.status_code == 400
    assert "Write your reply before posting it." in response.content.decode()


def test_new_members_show_whether_they_posted_and_a_prefilled_welcome(
    facilitator_client, community
):
    quiet = member_of(community, UserFactory(name="Quinn Quiet", username="quinn"))
    talker = member_of(community, UserFactory(name="Tara Talker"))
    topic(community, talker, title="Hello all")

    page = facilitator_client.get(week_url(community)).content.decode()

    assert "Quinn Quiet" in page and "Tara Talker" in page and "Not yet" in page
    compose = reverse("profiles:compose", args=["quinn"])
    assert compose in page
    start = page.index(compose)
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlparse(link).query)
    assert query["subject"] == ["Welcome to Adoption Policy CoP"]
    form = facilitator_client.get(link).content.decode()
    assert "Welcome to Adoption Policy CoP" in form and "Hello Quinn Quiet" in form
    assert quiet


def test_quiet_members_get_a_personal_note_once_a_month(facilitator_client, community, facilitator):
    silent = member_of(community, UserFactory(name="Sam Silent"))
    joined(community, silent, days=45)
    page = facilitator_client.get(week_url(community)).content.decode()
    note = reverse("facilitation:note", args=[community.slug, silent.pk])
    assert "Sam Silent" in page and note in page

    form = facilitator_client.get(note).content.decode()
    assert "Hello Sam Silent" in form
    response = facilitator_client.post(note, {"subject": "Hello", "body": "How are things?"})

    assert response.status_code == 302
    assert Conversation.objects.filter(subject="Hello").exists()
    assert PersonalNote.objects.filter(facilitator=facilitator, member=silent).count() == 1
    assert (
        "Note sent in the last 30 days"
        in facilitator_client.get(week_url(community)).content.decode()
    )
    again = facilitator_client.post(note, {"subject": "Hello", "body": "Me again"})
    assert again.status_code == 400
    page = again.content.decode()
    assert "less than 30 days ago" in page and "Me again" in page


def test_personal_notes_are_limited_per_day(facilitator_client, community, facilitator):
    members = [member_of(community) for _ in range(NOTES_PER_DAY + 1)]
    for member in members[:NOTES_PER_DAY]:
        PersonalNote.objects.create(facilitator=facilitator, member=member, community=community)
    last = members[-1]
    joined(community, last, days=45)
    response = facilitator_client.post(
        reverse("facilitation:note", args=[community.slug, last.pk]),
        {"subject": "Hi", "body": "Hello"},
    )
    assert response.status_code == 400
    assert f"You have sent {NOTES_PER_DAY} personal notes" in response.content.decode()


def test_members_with_no_visit_in_90_days_are_quiet_too(facilitator_client, community):
    poster = member_of(community, UserFactory(name="Old Poster"))
    topic(community, poster)
    joined(community, poster, days=200)
    visitor = member_of(community, UserFactory(name="Recent Visitor"))
    topic(community, visitor)
    joined(community, visitor, days=200)
    Visit.objects.create(
        community=community, user=visitor, day=timezone.localdate() - timedelta(days=3), hour=9
    )
    page = facilitator_client.get(week_url(community)).content.decode()
    section = page[page.index('id="silent"') : page.index('id="reports"')]
    assert "Old Poster" in section and "Recent Visitor" not in section


def test_reports_waiting_link_to_the_moderation_queue(facilitator_client, community):
    from conversations.models import Report

    post = topic(community, member_of(community)).opening_post
    Report.objects.create(reporter=member_of(community), target=post, community=community)
    page = facilitator_client.get(week_url(community)).content.decode()
    assert "1 report waiting" in page
    assert reverse("conversations:queue", args=[community.slug]) in page


def test_health_figures_with_the_period_before_and_an_accessible_heat_table(
    facilitator_client, community, facilitator
):
    Visit.objects.create(community=community, user=facilitator, day=timezone.localdate(), hour=10)
    page = facilitator_client.get(week_url(community)).content.decode()
    assert "Time to first reply (median)" in page and "Period before" in page
    assert '<table class="heat-table">' in page and "heat--4" in page
    assert "at 10:00" in page

    page = facilitator_client.get(week_url(community) + "?period=28d").content.decode()
    assert "Last 28 days" in page
    bad = facilitator_client.get(week_url(community) + "?period=custom&start=2030-01-01")
    assert "Enter the last day of the period." in bad.content.decode()
    assert "Showing the last 7 days instead." in bad.content.decode()


def test_the_weekly_email_can_be_turned_off_and_on(facilitator_client, community, facilitator):
    url = reverse("facilitation:weekly_email", args=[community.slug])
    facilitator_client.post(url, {})
    assert WeeklyEmailOptOut.objects.filter(user=facilitator, community=community).exists()
    facilitator_client.post(url, {"wanted": "on"})
    assert not WeeklyEmailOptOut.objects.exists()


def test_visits_are_counted_once_a_day_and_no_page_queries_for_them(facilitator_client, community):
    with CaptureQueriesContext(connection) as queries:
        facilitator_client.get(community.get_absolute_url())
        facilitator_client.get(reverse("communities:members", args=[community.slug]))
    assert not any("facilitation_visit" in q["sql"] for q in queries.captured_queries)

    flush_visits()
    flush_visits()

    [visit] = Visit.objects.filter(community=community)
    assert visit.day == timezone.localdate()
    assert visit.hour == timezone.localtime().hour


def test_this_week_takes_the_same_queries_for_10_and_1000_members(client, site_admin):
    def page_queries(size, prefix):
        community, users = community_with_members(size, prefix=prefix, name=f"Size {size}")
        for user in users[:12]:
            MembershipRequestFactory(community=community, user=UserFactory())
        for user in users[:12]:
            aged(topic(community, user), hours=80)
        Membership.objects.filter(community=community).update(
            created=timezone.now() - timedelta(days=3)
        )
        for user in users[-12:]:
            Membership.objects.filter(community=community, user=user).update(
                created=timezone.now() - timedelta(days=100)
            )
        client.force_login(site_admin)
        client.get(week_url(community))  # the day's visit is counted once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(week_url(community)).status_code == 200
        return len(queries)

    small, large = page_queries(10, "s"), page_queries(1000, "l")
    assert small == large <= 45  # the community page around it included


def test_a_facilitator_of_one_community_sees_nothing_of_another(client, canaries):
    a = CommunityFactory(name="Community A", private=True)
    b = CommunityFactory(name="Community B", private=True)
    only_a = member_of(a, UserFactory(name="Only A"), facilitator=True)
    secret = canaries.plant(
        visible_to=lambda user: user.is_staff or b.memberships.filter(user=user).exists(),
        description="B's waiting topic",
    )
    aged(topic(b, member_of(b), title=f"Waiting {secret}"), hours=80)
    MembershipRequestFactory(community=b, reason=f"Reason {secret}")
    client.force_login(only_a)

    assert client.get(week_url(a)).status_code == 200
    assert client.get(week_url(b)).status_code == 403  # the private community's gate
    question = Topic.objects.get(community=b)
    assert client.get(reverse("facilitation:ask", args=[b.slug, question.pk])).status_code == 403


def test_a_closed_down_community_lists_what_waits_without_reply_buttons(client, site_admin):
    community = CommunityFactory(archived=True)
    facilitator = member_of(community, facilitator=True)
    aged(topic_before_closedown(community, member_of(community)), hours=80)
    client.force_login(facilitator)
    page = client.get(week_url(community)).content.decode()
    assert "Older than closedown" in page and "Ask someone" not in page


def topic_before_closedown(community, author):
    stage = community.stage
    community.stage = community.Stage.NURTURE
    community.save(update_fields=["stage"])
    item = topic(community, author, title="Older than closedown")
    community.stage = stage
    community.save(update_fields=["stage"])
    return item
