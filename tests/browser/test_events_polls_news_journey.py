"""A facilitator puts an event on the calendar, says they will attend and downloads it for their
calendar app; opens a poll, votes and sees the results; subscribes the community to a news feed
(served by a local test server) and reads its items. axe-core checks every page on the way."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, member_of
from tests.news.feed_server import FeedServer


def choice(page, number):
    return page.get_by_label(re.compile(rf"^Choice {number}:?$"))


@pytest.fixture
def feed_server(settings):
    with FeedServer() as server:
        settings.NEWS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
        yield server


def test_event_poll_and_news_journey(page, sign_in, feed_server, transactional_db):
    community = CommunityFactory(name="CoP Facilitators CoP")
    fran = member_of(community, facilitator=True)
    sign_in(page, fran)

    # --- an event ---------------------------------------------------------------------------------
    page.goto(f"/c/{community.slug}/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page, "events tab")
    page.get_by_role("link", name="Add a new event").first.click()
    assert_accessible(page, "new event form")
    page.get_by_label("Title").fill("Knowledge Management Thought Leaders Forum")
    page.get_by_label("Location").fill("London")
    page.get_by_label("Starts").fill("2027-09-19T09:00")
    page.get_by_label("Ends").fill("2027-09-19T11:00")
    page.get_by_label("Places (optional)").fill("2")
    page.get_by_role("button", name="Add event").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Knowledge Management Thought Leaders Forum"
    )
    expect(page.get_by_text("Sun 19 Sep 2027 (09:00)")).to_be_visible()
    assert_accessible(page, "event page")
    page.get_by_role("button", name="I will attend").click()
    expect(page.get_by_text("You are going.")).to_be_visible()
    expect(page.get_by_role("heading", name="Who is going (1)")).to_be_visible()
    assert_accessible(page, "event page, attending")

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Add to event calendar")).click()
    download = info.value
    assert download.suggested_filename == "knowledge-management-thought-leaders-forum.ics"
    [event] = Calendar.from_ical(open(download.path(), "rb").read()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Knowledge Management Thought Leaders Forum"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["LOCATION"]) == "London"

    page.goto(f"/c/{community.slug}/events/calendar/?month=2027-09")
    calendar = page.get_by_role("table", name=re.compile("September 2027"))
    expect(calendar.get_by_role("link", name="09:00 Knowledge Management")).to_be_visible()
    assert_accessible(page, "month calendar")

    # --- a poll -----------------------------------------------------------------------------------
    page.goto(f"/c/{community.slug}/polls/")
    assert_accessible(page, "polls tab")
    page.get_by_role("link", name="Create a poll").click()
    page.get_by_label("Question").fill("How useful is this tool?")
    choice(page, 1).fill("Yes")
    page.get_by_role("button", name="Open the poll").click()
    expect(page.get_by_text("Give at least 2 choices.").first).to_be_visible()
    expect(choice(page, 1)).to_have_value("Yes")
    assert_accessible(page, "poll form with an error")
    choice(page, 2).fill("No")
    choice(page, 3).fill("Sometimes")
    page.get_by_role("button", name="Open the poll").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How useful is this tool?")
    assert_accessible(page, "poll page")
    page.get_by_role("radio", name="Sometimes").check()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_text("Thank you for voting.")).to_be_visible()
    results = page.get_by_role("region", name=re.compile("Results"))
    expect(results).to_contain_text("Sometimes")
    expect(results).to_contain_text("1 vote (100%)")
    assert_accessible(page, "poll results")

    page.goto(f"/c/{community.slug}/")
    home_poll = page.get_by_role("region", name="Poll")
    expect(home_poll).to_contain_text("How useful is this tool?")
    expect(page.get_by_role("region", name="Coming up")).to_contain_text("Thought Leaders")
    assert_accessible(page, "community home with poll and events")

    # --- a news feed ------------------------------------------------------------------------------
    page.goto(f"/c/{community.slug}/news/")
    assert_accessible(page, "news tab, empty")
    page.get_by_label("Name").fill("Local Government News")
    page.get_by_label("Address (URL)").fill(feed_server.url("/good.rss"))
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("Waiting for the first fetch")).to_be_visible()
    page.get_by_role("button", name="Fetch now").click()
    expect(page.get_by_text("OK: 3 items")).to_be_visible()
    assert_accessible(page, "news feeds with status")

    page.goto(f"/c/{community.slug}/news/")
    expect(page.get_by_role("link", name="Councils share flood plans")).to_be_visible()
    page.get_by_label("View news feeds from").select_option(label="Local Government News")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("News from Local Government News")
    expect(page.get_by_role("link", name="Digital services update")).to_be_visible()
    assert_accessible(page, "news items of one feed")


def test_a_facilitator_cancels_an_event_and_the_people_going_are_told(
    page, sign_in, transactional_db
):
    from django.core import mail
    from django.test import TestCase

    from tags.services import tag_add
    from tests.events.factories import EventFactory, attend

    community = CommunityFactory(name="CoP Facilitators CoP")
    fran = member_of(community, facilitator=True)
    event = EventFactory(community=community, title="Facilitators' away day", created_by=fran)
    going = member_of(community)
    attend(event, going)
    with TestCase.captureOnCommitCallbacks(execute=True):
        tag_add(user=fran, item=event, names="away-days")
    sign_in(page, fran)

    # The tag on the list leads to the list of events with that tag.
    page.goto(f"/c/{community.slug}/events/")
    page.get_by_role("link", name="away-days").first.click()
    expect(page.get_by_text("Showing upcoming events tagged")).to_be_visible()
    assert_accessible(page, "events tagged away-days")

    page.goto(f"/c/{community.slug}/events/{event.pk}/")
    page.get_by_role("link", name="Cancel this event").click()
    assert_accessible(page, "cancel an event")
    message = page.get_by_label("A message for the people signed up (optional)")
    # The browser stops at 1,000 characters (the server's own check is in tests/events).
    message.fill("x" * 1200)
    assert len(message.input_value()) == 1000
    message.fill("Sorry: the venue flooded. We will find a new date.")
    page.get_by_role("button", name="Cancel this event").click()
    expect(page.get_by_text("This event has been cancelled")).to_be_visible()
    expect(page.get_by_text("We will find a new date.")).to_be_visible()
    assert_accessible(page, "a cancelled event")
    assert [m.to for m in mail.outbox if "cancelled" in m.subject.lower()] == [[going.email]]
