"""Conversations in a real browser (Debian Chromium through playwright, the site's real CSP).

1. Alice starts a topic in the WYSIWYG editor with a link and a YouTube address on a line of its
   own; the topic shows the privacy-enhanced player. Bob replies; Alice replies to Bob's reply,
   and the thread shows it nested under his. Alice gets her personal feed address and a feed
   reader (no session, just the address) reads the topic's replies.
2. A topic full of XSS vectors (posted straight to the service, skipping the editor) is opened:
   no dialog opens and no injected handler runs.
3. Without JavaScript the editor is a plain textarea that still posts.

axe-core checks every page on the way. No request ever leaves the machine: anything not for the
live server (the video player, above all) is aborted.
"""

import re

from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.browser.axe import assert_accessible as axe_check
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.forums import factories as forum_factories
from tests.richtext.safety import xss_vectors

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def local_only(context, live_server):
    def route(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)


def assert_accessible(page, label):
    """axe, once the page has settled: the editor built and any web fonts loaded."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    axe_check(page, label)


def show_editors(page):
    """Scroll a rich-text box into view: the editor loads when one is about to be used."""
    page.locator('textarea[data-richtext="editor"]').first.evaluate("box => box.scrollIntoView()")


def editor(page, label):
    """The WYSIWYG editor that replaced the textarea labelled `label` (waits for it to load)."""
    show_editors(page)
    box = page.locator(f'.ProseMirror[role="textbox"][aria-label^="{label}"]')
    expect(box).to_be_visible()
    return box


def people():
    community = CommunityFactory(name="Social Media and Online Collaboration")
    alice = UserFactory(name="Alice Adams", username="alice")
    bob = UserFactory(name="Bob Brown", username="bob")
    for person in (alice, bob):
        MembershipFactory(user=person, community=community)
    return community, alice, bob


def test_topic_with_link_and_video_reply_nested_reply_and_feed(new_context, live_server, sign_in):
    community, alice, bob = people()
    context = new_context()
    local_only(context, live_server)
    page = context.new_page()
    sign_in(page, alice)

    page.goto(f"/c/{community.slug}/forum/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum")
    assert_accessible(page, "forum")
    page.get_by_role("link", name="Start new topic").click()
    assert_accessible(page, "start a new topic")

    page.get_by_label("Title").fill("Online tools we use and love")
    editor(page, "Message").click()  # the WYSIWYG editor replaced the textarea
    page.keyboard.type("Our guide lives at https://example.org/guide and this talk is good:")
    page.keyboard.press("Enter")
    page.keyboard.type(VIDEO)
    page.get_by_role("button", name="Start topic").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Online tools we use and love")
    expect(page.locator("article.post a[href='https://example.org/guide']")).to_have_attribute(
        "rel", "nofollow noopener ugc"
    )
    player = page.locator("iframe[src='https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ']")
    expect(player).to_have_attribute("title", "YouTube video")
    assert_accessible(page, "new topic with a video")
    topic_url = page.url

    bob_page = new_context().new_page()
    sign_in(bob_page, bob)
    bob_page.goto(topic_url)
    editor(bob_page, "Your reply").click()
    bob_page.keyboard.type("Trello for everything, @alice")
    bob_page.get_by_role("button", name="Post reply").click()
    expect(bob_page.get_by_text("Your reply has been posted.")).to_be_visible()
    mention = bob_page.locator("a.mention")
    expect(mention).to_have_text("@Alice Adams")

    page.goto(topic_url)
    page.get_by_role("link", name="Reply to Bob Brown").click()
    assert_accessible(page, "reply to a reply")
    editor(page, "Your reply").click()
    page.keyboard.type("Trello is great for our team too.")
    page.get_by_role("button", name="Post reply").click()
    nested = page.locator("ol.thread > li > ol.thread__replies > li article.post")
    expect(nested).to_contain_text("Trello is great for our team too.")
    expect(page).to_have_url(re.compile(r"#reply-\d+$"))
    assert_accessible(page, "thread with a nested reply")

    page.get_by_role("link", name=re.compile("RSS feed of this topic: get your feed")).click()
    assert_accessible(page, "your feed address")
    page.get_by_role("button", name="Create my feed addresses").click()
    expect(page.get_by_text("Your feed addresses are ready.")).to_be_visible()
    page.goto(topic_url)
    feed_url = page.get_by_role("link", name="RSS feed of this topic").get_attribute("href")
    assert re.search(r"^/feeds/[\w-]{43}/c/", feed_url)

    reader = new_context()  # a feed reader: no session, only the address
    feed = reader.request.get(feed_url)
    assert feed.status == 200
    assert "Trello is great for our team too." in feed.text()
    assert "application/rss+xml" in feed.headers["content-type"]


def test_xss_vectors_render_without_running_anything(new_context, live_server, sign_in):
    community, alice, bob = people()
    vectors = xss_vectors()
    topic = forum_factories.topic(
        community, alice, title="<img src=x onerror=alert(1)>", body="\n\n".join(vectors[:160])
    )
    forum_factories.reply(topic, bob, body="\n\n".join(vectors[160:]))
    context = new_context()
    local_only(context, live_server)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, bob)
    page.goto(topic.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("<img src=x onerror=alert(1)>")
    page.mouse.move(200, 300)
    page.mouse.move(400, 600)
    page.keyboard.press("Tab")
    page.wait_for_timeout(500)
    handlers = page.evaluate(
        """() => [...document.querySelectorAll('main *')].flatMap(el => [...el.attributes]
             .filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"""
    )
    assert handlers == []
    assert dialogs == []
    forbidden = ", ".join(
        f"main .prose {tag}"
        for tag in ("script", "svg", "math", "object", "embed", "iframe", "form", "style")
    )
    injected = page.evaluate(
        "(selector) => [...document.querySelectorAll(selector)].map(el => el.outerHTML)", forbidden
    )
    assert injected == []


def test_without_javascript_the_editor_is_a_textarea_that_posts(new_context, sign_in):
    community, alice, _ = people()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, alice)
    page.goto(f"/c/{community.slug}/forum/new/")
    page.get_by_label("Title").fill("Plain text works")
    page.get_by_role("textbox", name="Message").fill("First paragraph.\n\nSecond paragraph.")
    page.get_by_role("button", name="Start topic").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plain text works")
    expect(page.locator("article.post .prose p")).to_have_count(2)


def test_blog_entry_comment_helpful_and_report_to_the_facilitator(
    new_context, live_server, sign_in
):
    community, alice, bob = people()
    grace = UserFactory(name="Grace Facilitator", username="grace")
    MembershipFactory(user=grace, community=community, facilitator=True)

    alice_page = new_context().new_page()
    sign_in(alice_page, alice)
    alice_page.goto("/blogs/")
    expect(alice_page.get_by_role("heading", level=1)).to_have_text("My blog entries")
    assert_accessible(alice_page, "my blog")
    alice_page.get_by_role("link", name="Add a new entry").click()
    assert_accessible(alice_page, "new blog entry")
    alice_page.get_by_label("Title").fill("CoP experiences - your feedback needed")
    editor(alice_page, "Entry").click()
    alice_page.keyboard.type("I would welcome honest and objective views.")
    alice_page.get_by_label(community.name).check()
    alice_page.get_by_role("button", name="Publish entry").click()
    expect(alice_page.get_by_text(f"In {community.name}")).to_be_visible()
    entry_url = alice_page.url

    bob_page = new_context().new_page()
    sign_in(bob_page, bob)
    bob_page.goto(f"/c/{community.slug}/blog/")
    assert_accessible(bob_page, "community blog entries")
    bob_page.get_by_role("link", name="CoP experiences - your feedback needed").first.click()
    editor(bob_page, "Your comment").click()
    bob_page.keyboard.type("Our community doubled its active members.")
    bob_page.get_by_role("button", name="Add comment").click()
    expect(bob_page.get_by_text("Your comment has been added.")).to_be_visible()
    bob_page.locator("#entry").get_by_role("button", name=re.compile("^Helpful")).click()
    expect(bob_page.get_by_text("1 found this helpful")).to_be_visible()
    assert_accessible(bob_page, "blog entry with a comment")
    bob_page.locator("#entry").get_by_role("link", name=re.compile("^Report")).click()
    assert_accessible(bob_page, "report form")
    bob_page.get_by_label("What is wrong with it?").fill("Contains a colleague's phone number.")
    bob_page.get_by_role("button", name="Send report").click()
    expect(bob_page.get_by_text("sent to the facilitators")).to_be_visible()

    grace_page = new_context().new_page()
    sign_in(grace_page, grace)
    grace_page.goto(f"/c/{community.slug}/moderation/")
    expect(grace_page.get_by_text("Contains a colleague's phone number.")).to_be_visible()
    assert_accessible(grace_page, "moderation queue")
    grace_page.get_by_role("button", name="Hide it").click()
    expect(grace_page.get_by_text("No reports waiting for a decision")).to_be_visible()
    assert bob_page.goto(entry_url).status == 404  # hidden: only its author and moderators see it
