"""Finding the right community and the right person, in a real browser.

A newcomer signs up, lists "social media" among their interests, sees the community about it
recommended on My home with the reason, joins, sees the newcomer checklist and introduces
themselves in the pinned topic. Another member's question waits without a reply; the asker
opens "ask someone", the community's facilitator (whose expertise is social media) is
suggested and asked with one click, and answers from the link in the email. Every page
visited is checked with axe.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from finding import recommend, services
from forums.models import Post, Topic
from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import topic
from tests.profiles.factories import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Nia Newcomer"
EMAIL = "nia.newcomer@example.org"
PASSWORD = "a-long-and-unusual-passphrase-42"


def confirmation_link(outbox):
    for message in reversed(outbox):
        if EMAIL in message.to:
            match = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body)
            if match:
                return match.group(0)
    raise AssertionError("no confirmation link")


def reply_box(page):
    """The reply box once the rich-text editor has taken the textarea's place: it loads as the box
    comes into view, so typing into the textarea first would race it."""
    page.locator('textarea[data-richtext="editor"]').first.evaluate("box => box.scrollIntoView()")
    box = page.locator('.ProseMirror[role="textbox"][aria-label^="Your reply"]')
    expect(box).to_be_visible()
    return box


def local(url):
    return url.replace(settings.SITE_URL, "")


def test_newcomer_finds_the_community_and_a_question_finds_the_person_who_knows(
    new_context, sign_in, mailoutbox
):
    community = CommunityFactory(
        name="Social Media and Online Collaboration",
        short_description="Councils using social media to talk with residents.",
        domain="How councils use social media and online collaboration tools.",
    )
    CommunityFactory(name="Planning Officers", domain="Local plans and planning appeals.")
    fay = member_of(
        community, person("Fay Facilitator", expertise=["social media"]), facilitator=True
    )
    services.intro_topic_switch(community=community, by=fay, on=True)
    asker = member_of(community, person("Asha Asker"))
    question = topic(
        community,
        asker,
        title="Which social media scheduling tool do you use?",
        body="<p>We need one for the library service.</p>",
        kind=Topic.Kind.QUESTION,
    )
    Topic.objects.filter(pk=question.pk).update(created=timezone.now() - timedelta(hours=30))
    recommend.refresh_all()

    # 1. Nia signs up and confirms her email address.
    page = new_context().new_page()
    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label(re.compile(r"^Email")).fill(EMAIL)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    page.goto(confirmation_link(mailoutbox))
    page.locator("main form").get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {NAME}")

    # 2. An empty profile: the liveliest public communities, and a prompt to add interests.
    panel = page.locator("section.recommendations")
    expect(panel).to_contain_text("Add your areas of expertise and interest")
    assert_accessible(page, "My home with an empty profile")

    # 3. She lists "social media" among her interests.
    panel.get_by_role("link", name="areas of expertise and interest").click()
    page.get_by_label("Areas of interest").fill("social media")
    page.get_by_role("button", name="Save my profile").click()

    # 4. My home recommends the matching community, saying why.
    page.goto("/")
    panel = page.locator("section.recommendations")
    first = panel.locator("li.recommendation").first
    expect(first).to_contain_text("Social Media and Online Collaboration")
    expect(first).to_contain_text("Because you listed social media (interests)")
    assert_accessible(page, "My home with recommendations")

    # 5. She joins it; the community home shows her checklist.
    first.get_by_role("link", name="Social Media and Online Collaboration").click()
    page.get_by_role("button", name="Join Social Media and Online Collaboration").click()
    page.get_by_role("button", name=re.compile("Agree and join")).click()
    checklist = page.locator("section.newcomer-checklist")
    expect(checklist).to_contain_text("Getting started in Social Media and Online Collaboration")
    expect(checklist).to_contain_text("Add your areas of expertise to your profile")
    assert_accessible(page, "community home with the newcomer checklist")

    # 6. She introduces herself in the pinned topic.
    checklist.get_by_role("link", name="Introduce yourself").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to “Introduce yourself”")
    assert_accessible(page, "introduce yourself reply box")
    reply_box(page).fill("Hello, I run the library service's social media.")
    page.get_by_role("button", name="Post reply").click()
    nia = User.objects.get(email=EMAIL)
    assert Post.objects.filter(author=nia, topic__title="Introduce yourself").exists()

    # 7. Asha's question has waited 30 hours: "ask someone" suggests Fay, and asks her.
    asha = new_context().new_page()
    sign_in(asha, asker)
    asha.goto(f"/c/{community.slug}/forum/{question.pk}/ask/")
    suggestion = asha.locator("li.panel", has_text="Fay Facilitator")
    expect(suggestion).to_contain_text("expertise: social media")
    assert_accessible(asha, "ask someone to help")
    mail.outbox.clear()
    suggestion.get_by_role("button", name="Ask Fay Facilitator to help").click()
    expect(asha.get_by_role("status")).to_contain_text("We asked Fay Facilitator to help.")

    # 8. Fay answers from the link in the email, straight into the reply box.
    [message] = [m for m in mail.outbox if m.to == [fay.email]]
    assert "Asha Asker asks: could you help" in message.subject
    link = re.search(r"Reply here: (\S+)", message.body).group(1)
    fay_page = new_context().new_page()
    sign_in(fay_page, fay)
    fay_page.goto(local(link))
    expect(fay_page.get_by_role("heading", level=1)).to_contain_text("Which social media")
    reply_box(fay_page).fill("We use the free tier of a scheduler; happy to demo.")
    fay_page.get_by_role("button", name="Post reply").click()
    expect(fay_page.get_by_role("heading", level=1)).to_contain_text("Which social media")
    assert Post.objects.filter(topic=question, author=fay, is_opening=False).exists()

    # 9. The facilitators' page counts the routed question as answered after routing.
    fay_page.goto(f"/c/{community.slug}/newcomers/")
    expect(fay_page.get_by_role("main")).to_contain_text(
        "So far 1 question was routed to someone, and 1 got a reply after that."
    )
    assert_accessible(fay_page, "newcomers and unanswered questions")

    # 10. Fay may let a question go, or stop being asked at all, from the email's links.
    not_now = re.search(r"Let it go: (\S+)", message.body).group(1)
    fay_page.goto(local(not_now))
    expect(fay_page.get_by_role("heading", level=1)).to_contain_text("go?")
    assert_accessible(fay_page, "not now")
    fay_page.get_by_role("link", name="Prefer never to be asked?").click()
    fay_page.get_by_label("No, never ask me").check()
    fay_page.get_by_role("button", name="Save").click()
    expect(fay_page.get_by_role("status")).to_contain_text("Saved.")
    assert_accessible(fay_page, "being asked to help")

    # 11. The people finder says why Fay matched, and says so when nobody does.
    page.goto("/people/?expertise=social+media")
    card = page.locator("li.person-card", has_text="Fay Facilitator")
    expect(card).to_contain_text("Matched on expertise: social media")
    assert_accessible(page, "people finder with reasons")
    page.goto("/people/?expertise=zzqx")
    expect(page.get_by_role("main")).to_contain_text("Nobody matches your search.")
    assert_accessible(page, "people finder, no match")

    # 12. The directory starts with recommendations too.
    page.goto("/communities/")
    expect(page.locator("section.recommendations")).to_be_visible()
    assert_accessible(page, "directory with recommendations")
