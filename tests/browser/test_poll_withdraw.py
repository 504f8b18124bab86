"""A member votes on a poll, withdraws their vote, and votes again; the poll page and the
community home follow each step. axe-core checks the poll page in each state. Withdrawing is a
plain form, so it also works with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import expect

from polls import services
from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, member_of
from tests.polls.factories import PollFactory


@pytest.fixture
def poll(transactional_db):
    community = CommunityFactory(name="CoP Facilitators CoP")
    poll = PollFactory(community=community, question="How useful is this tool?")
    services.vote(poll=poll, user=member_of(community), choice_ids=[poll.choices.first().pk])
    return poll


def test_a_member_votes_withdraws_and_votes_again(page, sign_in, poll):
    grace = member_of(poll.community)
    sign_in(page, grace)
    page.goto(poll.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("How useful is this tool?")
    expect(page.get_by_role("button", name="Withdraw my vote")).to_have_count(0)

    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_text("Thank you for voting.")).to_be_visible()
    expect(page.get_by_text("2 members voted.")).to_be_visible()
    results = page.get_by_role("region", name=re.compile("Results"))
    expect(results).to_contain_text("1 vote (50%)")
    assert_accessible(page, "poll page after voting, with Withdraw my vote")

    page.get_by_role("button", name="Withdraw my vote").click()
    expect(page).to_have_url(re.compile(rf"{poll.get_absolute_url()}$"))
    expect(page.get_by_text("Your vote has been withdrawn.")).to_be_visible()
    expect(page.get_by_text("1 member voted.")).to_be_visible()
    expect(page.get_by_text("Vote to see the results.")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my vote")).to_have_count(0)
    expect(page.get_by_role("radio", name="No")).not_to_be_checked()
    assert_accessible(page, "poll page after withdrawing")

    page.get_by_role("radio", name="Sometimes").check()
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_text("Thank you for voting.")).to_be_visible()
    expect(page.get_by_text("2 members voted.")).to_be_visible()
    results = page.get_by_role("region", name=re.compile("Results"))
    expect(results.locator("li", has_text="Sometimes")).to_contain_text("1 vote (50%)")
    expect(results.locator("li", has_text="No")).to_contain_text("0 votes (0%)")
    assert_accessible(page, "poll page after voting again")


def test_withdrawing_on_the_community_home_works_without_javascript(new_context, sign_in, poll):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, member_of(poll.community))
    page.goto(poll.community.get_absolute_url())
    home_poll = page.get_by_role("region", name="Poll")
    home_poll.get_by_role("radio", name="Yes").check()
    home_poll.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_text("Thank you for voting.")).to_be_visible()

    home_poll = page.get_by_role("region", name="Poll")
    home_poll.get_by_role("button", name="Withdraw my vote").click()
    expect(page).to_have_url(re.compile(rf"{poll.community.get_absolute_url()}$"))
    expect(page.get_by_text("Your vote has been withdrawn.")).to_be_visible()
    expect(page.get_by_role("region", name="Poll")).to_contain_text("1 member voted.")
