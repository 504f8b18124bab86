"""The month calendar (an accessible table), the upcoming and past lists, and "my communities"."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Attendance, Event
from tests.communities.factories import CommunityFactory, member_of
from tests.events.factories import EventFactory, attend

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(*args, zone=LONDON):
    return datetime(*args, tzinfo=zone)


def test_the_month_calendar_puts_events_on_their_days(organiser_client, community, organiser):
    EventFactory(
        community=community,
        title="Panel day",
        starts_at=at(2027, 9, 19, 9),
        ends_at=at(2027, 9, 19, 17),
    )
    EventFactory(
        community=community,
        title="Two-day forum",
        starts_at=at(2027, 9, 29, 9),
        ends_at=at(2027, 9, 30, 17),
    )
    EventFactory(
        community=community,
        title="October event",
        starts_at=at(2027, 10, 20, 9),
        ends_at=at(2027, 10, 20, 10),
    )

    url = reverse("events:calendar", args=[community.slug])
    page = organiser_client.get(url, {"month": "2027-09"}).content.decode()
    assert "<caption>September 2027: 2 events</caption>" in page
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in page
    assert page.count("Two-day forum") == 2  # on both days
    assert "09:00 Panel day" in page
    assert "October event" not in page
    assert f'href="{url}?month=2027-08"' in page and f'href="{url}?month=2027-10"' in page
    # The day cell of the 19th holds the event.
    cell = page[page.index("Sunday 19 September") :]
    assert cell.index("Panel day") < cell.index("</td>")


def test_a_nonsense_month_shows_this_month(organiser_client, community):
    url = reverse("events:calendar", args=[community.slug])
    page = organiser_client.get(url, {"month": "2027-13"}).content.decode()
    assert timezone.localdate().strftime("%B %Y") in page


def test_upcoming_lists_soonest_first_and_past_events_stay_browsable(organiser_client, community):
    now = timezone.now()
    EventFactory(
        community=community,
        title="Later",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=1),
    )
    EventFactory(
        community=community,
        title="Sooner",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=1),
    )
    EventFactory(
        community=community,
        title="Last year",
        starts_at=now - timedelta(days=300),
        ends_at=now - timedelta(days=300, hours=-1),
    )
    upcoming = organiser_client.get(reverse("events:index", args=[community.slug])).content.decode()
    assert upcoming.index("Sooner") < upcoming.index("Later")
    assert "Last year" not in upcoming
    past = organiser_client.get(reverse("events:past", args=[community.slug])).content.decode()
    assert "Last year" in past and "Sooner" not in past


def test_an_event_in_progress_stays_upcoming_however_long_ago_it_began(organiser_client, community):
    """upcoming() starts its walk at now minus the longest event's length: a long event that
    began months ago is still listed while it runs, in start order, and one that ended is not;
    a new longest event moves the bound at once (it is read in the same query)."""
    now = timezone.now()
    EventFactory(
        community=community,
        title="Two-hour workshop",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
    )
    EventFactory(
        community=community,
        title="Finished course",
        starts_at=now - timedelta(days=100),
        ends_at=now - timedelta(days=1),
    )
    url = reverse("events:index", args=[community.slug])
    page = organiser_client.get(url).content.decode()
    assert "Two-hour workshop" in page and "Finished course" not in page
    EventFactory(
        community=community,
        title="Year-long programme",
        starts_at=now - timedelta(days=200),
        ends_at=now + timedelta(days=165),
    )
    page = organiser_client.get(url).content.decode()
    assert page.index("Year-long programme") < page.index("Two-hour workshop")
    assert "Finished course" not in page
    home = organiser_client.get(reverse("core:home")).content.decode()
    assert home.index("Year-long programme") < home.index("Two-hour workshop")
    assert list(
        Event.objects.filter(community=community).upcoming().values_list("title", flat=True)
    ) == ["Year-long programme", "Two-hour workshop"]
    assert list(
        Event.objects.filter(community=community)
        .upcoming(now=now - timedelta(days=50))
        .values_list("title", flat=True)
    ) == ["Year-long programme", "Finished course", "Two-hour workshop"]


def test_my_communities_calendar_shows_only_communities_i_belong_to(client):
    mine = CommunityFactory(name="Mine")
    elsewhere = CommunityFactory(name="Elsewhere")
    no_events = CommunityFactory(name="No events", features=["forum"])
    user = member_of(mine)
    member_of(no_events, user)
    soon = timezone.now() + timedelta(days=3)
    EventFactory(
        community=mine, title="My event", starts_at=soon, ends_at=soon + timedelta(hours=1)
    )
    EventFactory(
        community=elsewhere, title="Not mine", starts_at=soon, ends_at=soon + timedelta(hours=1)
    )
    EventFactory(
        community=no_events, title="Feature off", starts_at=soon, ends_at=soon + timedelta(hours=1)
    )
    client.force_login(user)

    page = client.get(reverse("events:mine")).content.decode()
    assert "My event" in page
    assert "Not mine" not in page and "Feature off" not in page
    assert "In <a" in page and ">Mine</a>" in page


def test_lists_show_whether_i_am_going(organiser_client, community, organiser):
    event = EventFactory(community=community)
    attend(event, organiser)
    page = organiser_client.get(reverse("events:index", args=[community.slug])).content.decode()
    assert "You are going" in page
    assert "1 going" in page


def test_the_badges_are_the_members_own_in_both_lists(organiser_client, community, organiser):
    """The badges come in the list's own query (EventQuerySet.with_my_state)."""
    going, waiting, others = (EventFactory(community=community) for _ in range(3))
    attend(going, organiser)
    attend(waiting, organiser, state=Attendance.State.WAITLISTED)
    attend(others)
    for url in (reverse("events:index", args=[community.slug]), reverse("events:mine")):
        page = organiser_client.get(url).content.decode()
        assert page.count("You are going") == 1, url
        assert page.count("You are on the waiting list") == 1, url


def test_the_community_home_shows_what_is_coming_up(organiser_client, community):
    EventFactory(community=community, title="Coming soon")
    page = organiser_client.get(community.get_absolute_url()).content.decode()
    assert "Coming up" in page and "Coming soon" in page


def test_my_home_lists_what_is_coming_up_in_my_communities(organiser_client, community):
    EventFactory(community=community, title="Next week's forum")
    EventFactory(community=CommunityFactory(), title="Someone else's event")
    page = organiser_client.get(reverse("core:home")).content.decode()
    assert "Coming up in my communities" in page
    assert "Next week&#x27;s forum" in page and "Someone else" not in page


def test_coming_up_is_the_soonest_five_across_my_communities_however_they_are_spread():
    """My home's Coming up takes the first five of each community and picks among them: the
    answer is the soonest five overall, with a community holding more than five, an event in
    progress, a community whose events are switched off and one the member is not in."""
    now = timezone.now()
    busy, quiet = CommunityFactory(name="Busy"), CommunityFactory(name="Quiet")
    switched_off = CommunityFactory(name="No events", features=["forum"])
    member = member_of(busy)
    member_of(quiet, member)
    member_of(switched_off, member)

    def event(community, title, starts_in_hours, hours=2):
        start = now + timedelta(hours=starts_in_hours)
        EventFactory(
            community=community,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
        )

    for day in range(1, 8):
        event(busy, f"Busy day {day}", 24 * day)
    event(busy, "Busy, over", -30)
    event(busy, "Busy, running", -72, hours=120)
    event(quiet, "Quiet soon", 30)
    event(quiet, "Quiet later", 24 * 10)
    event(switched_off, "Switched off", 1)
    event(CommunityFactory(name="Not mine"), "Not mine", 1)

    shown = list(
        Event.objects.visible_to(member)
        .soonest_in_communities_of(member, 5)
        .values_list("title", flat=True)
    )
    assert shown == ["Busy, running", "Busy day 1", "Quiet soon", "Busy day 2", "Busy day 3"]
    everything = (
        Event.objects.visible_to(member).filter(community__memberships__user=member).upcoming()
    )
    assert shown == list(everything.values_list("title", flat=True)[:5])
