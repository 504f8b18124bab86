"""The alerts journey in a real browser: a member subscribes to a forum with a daily digest,
another member starts a topic there, the digest task runs, and the email in the outbox carries
the post and an unsubscribe link that works from a browser that is not signed in. Every page
visited is checked with axe."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Frequency, Subscription
from alerts.tasks import send_digests
from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_subscribe_to_a_forum_get_the_daily_digest_and_unsubscribe_in_one_click(
    new_context, sign_in
):
    community = CommunityFactory(name="Knowledge Management")
    member_of(community, UserFactory(name="Fran Facilitator"), facilitator=True)
    reader = member_of(community, UserFactory(name="Alex Reader", email="alex@example.org"))
    author = member_of(community, UserFactory(name="Mei Chen"))

    # 1. Alex follows the forum with a daily digest, from the forum page.
    alex = new_context().new_page()
    sign_in(alex, reader)
    alex.goto(f"/c/{community.slug}/forum/")
    assert_accessible(alex, "forum index with the subscribe tool")
    tool = alex.locator("form.subscribe")
    tool.get_by_label(
        "Subscribe for email alerts for the forum of Knowledge Management"
    ).select_option(label="Daily digest")
    tool.get_by_role("button", name=re.compile("Subscribe for email alerts")).click()
    expect(alex.get_by_role("status")).to_contain_text(
        "New things in the forum of Knowledge Management will be in your daily digest."
    )
    expect(alex.locator("form.subscribe")).to_contain_text(
        "You get email alerts for the forum of Knowledge Management: Daily digest."
    )
    assert_accessible(alex, "forum index, subscribed")

    # 2. Mei starts a topic (without JavaScript: the editor falls back to a plain text box).
    mei = new_context(java_script_enabled=False).new_page()
    sign_in(mei, author)
    mei.goto(f"/c/{community.slug}/forum/new/")
    mei.get_by_label("Title").fill("Taxonomy workshop in March")
    mei.get_by_label("Message").fill("Who would like to co-host the taxonomy workshop?")
    mei.get_by_role("button", name="Start topic").click()
    expect(mei.get_by_role("heading", level=1)).to_contain_text("Taxonomy workshop in March")

    # 3. The daily digest runs (for today, so the topic just posted is in it).
    mail.outbox.clear()
    send_digests.delay("daily", period_start=timezone.localdate().isoformat())
    [digest] = [m for m in mail.outbox if m.to == ["alex@example.org"]]
    assert "Mei Chen started a topic: Taxonomy workshop in March" in digest.body
    assert "Who would like to co-host the taxonomy workshop?" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"Unsubscribe from this daily digest: (\S+)", digest.body).group(1)
    assert link == digest.extra_headers["List-Unsubscribe"].strip("<>")

    # 4. The link works from the email, without signing in.
    inbox = new_context().new_page()
    inbox.goto(link.replace("http://127.0.0.1:8000", ""))
    expect(inbox.get_by_role("heading", level=1)).to_have_text("Unsubscribe from email alerts")
    assert_accessible(inbox, "unsubscribe confirmation")
    inbox.get_by_role("button", name="Unsubscribe").click()
    expect(inbox.get_by_role("heading", level=1)).to_have_text("You have been unsubscribed")
    assert_accessible(inbox, "unsubscribed")
    subscription = Subscription.objects.get(user=reader, feature="forum")
    assert subscription.frequency == Frequency.OFF

    # 5. My alerts shows the forum switched off, and lets Alex turn it back on.
    alex.goto("/alerts/")
    row = alex.get_by_role("row", name=re.compile("The forum of Knowledge Management"))
    expect(row.get_by_role("combobox")).to_have_value("off")
    assert_accessible(alex, "my alerts")
    row.get_by_role("combobox").select_option(label="Daily digest")
    alex.get_by_role("button", name="Save how often").click()
    expect(alex.get_by_role("status")).to_contain_text("Your subscriptions have been saved.")
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.DAILY
