"""Every kind of page fits a 320 px wide screen (WCAG 1.4.10 Reflow: no sideways scrolling), and
the editor's toolbar draws its icons from our own SVG files, never from a font.

One world with something on every page: a community with a topic holding a YouTube video (a
pasted address the site turns into its player), a wiki page, a tagged document, an event, a poll
and a blog entry. A member visits each kind of page at 320 × 640; axe-core checks each one.
No request leaves the machine (the video player above all).
"""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tags.services import tag_add
from tests.accounts.factories import UserFactory
from tests.blogs.factories import entry
from tests.browser.axe import assert_accessible
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document
from tests.events.factories import EventFactory
from tests.forums import factories as forum_factories
from tests.polls.factories import PollFactory
from tests.wikis.factories import page as wiki_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

# What sticks out past the right edge, to say which element breaks the layout.
OVERFLOW = """(width) => {
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string"
           ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      wide.push(`${name} (right edge at ${Math.round(box.right)}px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""

FIRST_TOOL = """(button) => {
  const before = getComputedStyle(button, "::before");
  const mask = before.maskImage !== "none" ? before.maskImage : before.webkitMaskImage;
  const box = button.getBoundingClientRect();
  return {
    mask: mask || "none",
    background: before.backgroundColor,
    iconWidth: parseFloat(before.width) || 0,
    iconHeight: parseFloat(before.height) || 0,
    text: button.textContent.trim(),
    font: getComputedStyle(button).fontFamily,
    width: box.width,
    height: box.height,
  };
}"""

# The editor loads when a rich-text box is about to be used: scroll one into view.
SCROLL = "box => box.scrollIntoView()"


def local_only(context, live_server):
    def route(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)


def world():
    community = CommunityFactory(name="Social Media and Online Collaboration")
    fran = member_of(community, UserFactory(name="Fran Facilitator"), facilitator=True)
    alice = member_of(community, UserFactory(name="Alice Adams", username="alice"))
    topic = forum_factories.topic(
        community,
        fran,
        title="Online tools we use and love",
        body=f"<p>This talk is a good start:</p><p>{VIDEO}</p>",
    )
    forum_factories.reply(topic, alice, body="<p>Trello for everything.</p>")
    wiki = wiki_page(community, fran, title="Social Media Big Day Out")
    guide = document(community, fran, title="Site Guide: Wikis")
    tag_add(user=alice, item=guide, names=["onboarding"])
    event = EventFactory(community=community, created_by=fran, title="Big Day Out workshop")
    poll = PollFactory(community=community, created_by=fran, question="Which day suits you?")
    blog = entry(fran, title="CoP experiences - your feedback needed", communities=[community])
    slug = community.slug
    pages = [
        ("/", "my home"),
        ("/communities/", "directory"),
        (community.get_absolute_url(), "community home"),
        (f"/c/{slug}/forum/", "forum topic list"),
        (topic.get_absolute_url(), "topic with a video"),
        (wiki.get_absolute_url(), "wiki page"),
        (f"/c/{slug}/wiki/{wiki.slug}/edit/", "wiki edit"),
        (f"/c/{slug}/documents/", "document library"),
        (guide.get_absolute_url(), "document page"),
        (f"/c/{slug}/events/", "events list"),
        (event.get_absolute_url(), "event page"),
        (poll.get_absolute_url(), "poll page"),
        (blog.get_absolute_url(), "blog entry"),
        ("/people/?q=Fran", "people finder"),
        ("/people/alice/", "profile"),
        ("/search/?q=onboarding", "search results"),
        ("/tags/onboarding/", "tag page"),
        ("/activity/", "activity"),
        ("/notifications/", "notifications"),
        ("/alerts/", "alerts settings"),
    ]
    return community, alice, topic, pages


def assert_fits(page, label):
    page.wait_for_load_state("networkidle")
    found = page.evaluate(OVERFLOW, WIDTH)
    assert found["scrollWidth"] <= WIDTH, (
        f"{label} ({page.url}) is {found['scrollWidth']}px wide at {WIDTH}px: {found['wide']}"
    )


# The pages are visited in two halves (every other page), so the suite's workers share them.
@pytest.mark.parametrize("half", [0, 1], ids=["first-half", "second-half"])
def test_every_kind_of_page_fits_a_320px_screen(new_context, live_server, sign_in, half):
    community, alice, topic, pages = world()
    context = new_context(viewport={"width": WIDTH, "height": 640})
    local_only(context, live_server)
    page = context.new_page()

    if half == 0:
        page.goto("/")
        assert_fits(page, "landing")
        assert_accessible(page, "landing at 320px")

    sign_in(page, alice)
    for path, label in pages[half::2]:
        response = page.goto(path)
        assert response.status == 200, f"{label}: {path} answered {response.status}"
        if label == "topic with a video":
            player = page.locator("iframe[src^='https://www.youtube-nocookie.com/embed/']")
            expect(player).to_be_attached()
            page.locator('textarea[data-richtext="editor"]').first.evaluate(SCROLL)
            reply = page.locator('.ProseMirror[role="textbox"][aria-label^="Your reply"]')
            expect(reply).to_be_visible()
            reply.click()
        if label == "search results":
            expect(page.get_by_role("link", name="Site Guide: Wikis").first).to_be_visible()
        assert_fits(page, label)
        assert_accessible(page, f"{label} at 320px")


def test_the_editors_first_tool_shows_an_icon_from_an_svg_not_a_font(
    new_context, live_server, sign_in
):
    community, alice, topic, _ = world()
    context = new_context(viewport={"width": WIDTH, "height": 640})
    local_only(context, live_server)
    page = context.new_page()
    sign_in(page, alice)
    page.goto(topic.get_absolute_url())
    page.locator('textarea[data-richtext="editor"]').first.evaluate(SCROLL)
    expect(page.locator('.ProseMirror[role="textbox"][aria-label^="Your reply"]')).to_be_visible()
    page.wait_for_load_state("networkidle")

    first = page.locator(".prose-menubar button").first
    expect(first).to_be_visible()
    found = first.evaluate(FIRST_TOOL)
    assert found["text"] == "", f"the first tool draws text (an icon-font ligature?): {found}"
    assert found["mask"].startswith('url("') and '.svg"' in found["mask"], found
    assert found["iconWidth"] >= 12 and found["iconHeight"] >= 12, found
    assert found["width"] <= WIDTH and found["height"] > 0, found
    icon_url = found["mask"][len('url("') : -len('")')]
    served = page.request.get(icon_url)
    assert served.status == 200 and "svg" in served.headers["content-type"], icon_url
    assert not page.evaluate("[...document.fonts].some(f => /icon/i.test(f.family))")
    arrow = page.locator(".prose-menubar__selected").first.evaluate(
        """(el) => { const after = getComputedStyle(el, "::after");
                     return [after.content, after.maskImage]; }"""
    )
    assert arrow[0] in ('""', "none") and ".svg" in arrow[1], f"the menu's arrow: {arrow}"

    # And something is drawn inside the button's border: its middle is not all one colour.
    shot = Image.open(io.BytesIO(first.screenshot())).convert("L")
    inner = shot.crop((4, 4, shot.width - 4, shot.height - 4))
    low, high = inner.getextrema()
    assert high - low > 100, "the first tool's icon is blank"
