"""A facilitator's week in a real browser (Debian Chromium through playwright, the site's CSP).

Grace opens "This week" from her community's header, approves Rob's request in place, sends the
newcomer Nia a welcome note (editing the message the form is filled in with), and asks Mei to
answer a question nobody has replied to. axe checks every page of the journey.
"""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from forums.models import Post, Topic
from profiles.models import Message
from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.communities.factories import (
    CommunityFactory,
    MembershipFactory,
    MembershipRequestFactory,
)
from tests.forums import factories as forum_factories


def a_week():
    community = CommunityFactory(name="Adoption Policy CoP", private=True)
    grace = UserFactory(name="Grace Facilitator", username="grace")
    MembershipFactory(user=grace, community=community, facilitator=True)
    nia = UserFactory(name="Nia Newcomer", username="nia")
    mei = UserFactory(name="Mei Chen", username="mei")
    for person in (nia, mei):
        MembershipFactory(user=person, community=community)
    MembershipFactory(user=UserFactory(name="Asker Person"), community=community)
    MembershipRequestFactory(
        community=community,
        user=UserFactory(name="Rob Requester"),
        reason="I chair the adoption panel in Wiltshire.",
    )
    question = forum_factories.topic(
        community, grace, title="How do panels handle late reports?", kind=Topic.Kind.QUESTION
    )
    three_days_ago = timezone.now() - timedelta(days=3)
    Topic.objects.filter(pk=question.pk).update(created=three_days_ago)
    Post.objects.filter(topic=question).update(created=three_days_ago)
    return community, grace, question


def test_a_facilitator_works_through_this_week(new_context, sign_in):
    community, grace, question = a_week()
    page = new_context().new_page()
    sign_in(page, grace)

    page.goto(f"/c/{community.slug}/")
    page.get_by_role("link", name="This week in Adoption Policy CoP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This week in Adoption Policy CoP")
    expect(page.locator("#requests").locator("..")).to_contain_text("I chair the adoption panel")
    assert_accessible(page, "this week")

    # Approve Rob in place: the page comes back with the news.
    page.get_by_role("button", name="Approve Rob Requester").click()
    expect(page.locator(".messages")).to_contain_text("Rob Requester is now a member")
    expect(page.get_by_role("heading", level=1)).to_have_text("This week in Adoption Policy CoP")
    assert_accessible(page, "this week after approving")

    # Welcome Nia: the message form is filled in; Grace makes it her own and sends it.
    page.get_by_role("link", name="Send a welcome note to Nia Newcomer").click()
    body = page.get_by_label("Message")
    expect(body).to_have_value(re.compile("Welcome to Adoption Policy CoP"))
    assert_accessible(page, "welcome note")
    body.fill(body.input_value() + "\n\nPS: our next panel meet-up is on Thursday.")
    page.get_by_role("button", name=re.compile("Send")).click()
    expect(page.locator(".messages")).to_contain_text("Your message has been sent to Nia")
    assert Message.objects.filter(body__contains="next panel meet-up").exists()

    # Ask Mei to answer the question nobody has replied to.
    page.goto(f"/c/{community.slug}/this-week/")
    page.get_by_role(
        "link", name="Ask someone to reply to “How do panels handle late reports?”"
    ).click()
    assert_accessible(page, "ask someone")
    page.get_by_label("Your reply").fill("@mei could you help with this? You ran the pilot.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator(".messages")).to_contain_text("Your reply to “How do panels")
    assert Post.objects.filter(topic=question, is_opening=False, body__contains="Mei Chen").exists()
    expect(page.locator("#unanswered").locator("..")).to_contain_text("Every topic has a reply")
    assert_accessible(page, "this week, all answered")


def test_this_week_works_without_javascript(new_context, sign_in):
    community, grace, question = a_week()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, grace)

    page.goto(f"/c/{community.slug}/this-week/")
    page.get_by_role("button", name="Decline Rob Requester").click()
    expect(page.locator(".messages")).to_contain_text("You declined Rob Requester's request")

    # A bad reply time comes back with what was typed and a clear message.
    page.get_by_role("spinbutton", name="Show topics with no reply").fill("9999")
    page.get_by_role("button", name="Save the reply time").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose between 1 hour and 720 hours")
    expect(page.get_by_role("spinbutton", name="Show topics with no reply")).to_have_value("9999")

    page.goto(f"/c/{community.slug}/this-week/?period=28d")
    expect(page.locator("#health").locator("..")).to_contain_text("Last 28 days")
    page.get_by_label("Email me this summary every Monday morning").uncheck()
    page.get_by_role("button", name="Save the weekly email choice").click()
    expect(page.locator(".messages")).to_contain_text("no longer get the weekly email")
