"""Tom, the facilitator, ticks his sustain toolkit, moves the Daventry group to closedown,
writes the lessons learned, sets a read-only date and a successor and tells the members; Ann, a
member, has the community archive built, downloads it, and reads it offline: its index.html
opened from disk in Chromium with the network blocked shows the threads and the lessons.

Every platform page on the way is checked with axe-core (WCAG 2.2 A/AA)."""

import re
import zipfile
from datetime import timedelta
from importlib import import_module

from django.utils import timezone
from playwright.sync_api import expect

from communities.models import Community
from tests.accounts.factories import AdminFactory, UserFactory
from tests.browser.axe import assert_accessible as axe_check
from tests.communities.factories import CommunityFactory, member_of
from tests.forums.factories import reply, topic


def assert_accessible(page, label):
    page.wait_for_load_state("networkidle")
    axe_check(page, label)


def editor(page, label):
    page.locator('textarea[data-richtext="editor"]').first.evaluate("box => box.scrollIntoView()")
    box = page.locator(f'.ProseMirror[role="textbox"][aria-label^="{label}"]')
    expect(box).to_be_visible()
    return box


def seed_toolkits():
    """The checklists come from a data migration, which a live_server test's flush may have
    emptied in an earlier test: put them back the same way."""
    from django.apps import apps

    import_module("lifecycle.migrations.0002_seed_toolkits").seed(apps, None)


def test_close_a_community_down_and_read_its_archive_offline(page, new_context, sign_in, tmp_path):
    seed_toolkits()
    community = CommunityFactory(name="Daventry Benchmarking Group", stage=Community.Stage.SUSTAIN)
    successor = CommunityFactory(name="Regional Benchmarking Network")
    tom = member_of(community, UserFactory(name="Tom Ellis"), facilitator=True)
    member_of(successor, tom)
    ann = member_of(community, UserFactory(name="Ann Lee"))
    thread = topic(
        community, ann, title="Comparing waste collection costs", body="<p>Per household?</p>"
    )
    reply(thread, tom, body="<p>Per household and per tonne, both.</p>")

    # The stage page: tick two sustain tasks.
    sign_in(page, tom)
    page.goto(f"/c/{community.slug}/stage/")
    assert_accessible(page, "stage page with toolkit")
    toolkit = page.locator("#toolkit")
    expect(toolkit).to_contain_text("0 of")
    toolkit.get_by_role("button", name=re.compile("Tick.*Refresh the wiki")).click()
    page.locator("#toolkit").get_by_role(
        "button", name=re.compile("Tick.*Review membership")
    ).click()
    expect(page.locator("#toolkit")).to_contain_text(re.compile(r"2 of \d+"))
    expect(page.locator("#toolkit")).to_contain_text("Ticked by Tom Ellis")

    # Move to closedown: the guided flow opens.
    page.get_by_label("Move to stage").select_option("closedown")
    page.get_by_label(re.compile("^Note")).fill("The final report is published.")
    page.get_by_role("button", name="Change stage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Closing Daventry Benchmarking Group down well"
    )
    assert_accessible(page, "closedown flow")

    # Lessons learned, in the rich-text editor.
    page.get_by_role("link", name="Write the lessons learned").click()
    assert_accessible(page, "lessons learned form")
    editor(page, "What worked").fill("Quarterly comparisons of six services.")
    editor(page, "What did not work").fill("The definitions wiki went stale.")
    page.get_by_role("button", name="Save the lessons learned").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lessons learned")
    expect(page.locator("main")).to_contain_text("Quarterly comparisons of six services.")
    assert_accessible(page, "lessons learned page")

    # A read-only date in two weeks, the successor, and the notice.
    page.goto(f"/c/{community.slug}/closedown/")
    day = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Read-only from").fill(day.isoformat())
    page.get_by_role("button", name="Save the date").click()
    expect(page.locator("main")).to_contain_text("will be read-only from")
    page.get_by_label("Successor community (optional)").select_option(
        label="Regional Benchmarking Network"
    )
    page.get_by_role("button", name="Save the successor").click()
    expect(page.locator("main")).to_contain_text("The successor has been saved.")
    page.get_by_role("button", name=re.compile("Send the notice")).click()
    expect(page.locator("main")).to_contain_text("The notice is on its way")
    assert_accessible(page, "closedown flow, done")

    # Ann: the community is closing, she can still read and post; she builds the archive.
    member_page = new_context().new_page()
    sign_in(member_page, ann)
    member_page.goto(f"/c/{community.slug}/")
    expect(member_page.locator("main")).to_contain_text("is closing down")
    member_page.get_by_role("link", name="Download the community archive").click()
    assert_accessible(member_page, "archive page")
    member_page.get_by_role("button", name="Build the archive").click()
    expect(member_page.get_by_role("heading", name="Ready to download")).to_be_visible()
    assert_accessible(member_page, "archive page, ready")
    with member_page.expect_download() as download_info:
        member_page.get_by_role("link", name=re.compile("Download the archive")).click()
    archive = tmp_path / "archive.zip"
    download_info.value.save_as(archive)
    unzipped = tmp_path / "archive"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(unzipped)
    index = unzipped / community.slug / "index.html"
    assert index.exists()

    # Offline: from disk, every network request refused.
    offline = new_context()
    requests = []

    def block(route):
        if not route.request.url.startswith("file://"):
            requests.append(route.request.url)
            return route.abort()
        return route.continue_()

    offline.route("**/*", block)
    reader = offline.new_page()
    reader.goto(index.as_uri())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Daventry Benchmarking Group")
    expect(reader.locator("main")).to_contain_text("Comparing waste collection costs")
    reader.get_by_role("link", name="Comparing waste collection costs").first.click()
    expect(reader.locator("main")).to_contain_text("Per household and per tonne, both.")
    reader.goto(index.as_uri())
    reader.get_by_role("link", name="Lessons learned").click()
    expect(reader.locator("main")).to_contain_text("Quarterly comparisons of six services.")
    assert requests == []

    # The site admins' toolkit editor, where the checklists are written.
    admin_page = new_context().new_page()
    sign_in(admin_page, AdminFactory(name="Site Admin"))
    admin_page.goto("/toolkits/")
    expect(admin_page.get_by_role("heading", level=1)).to_have_text("Lifecycle toolkits")
    assert_accessible(admin_page, "toolkit editor")
    admin_page.get_by_role("link", name=re.compile("Edit.*Refresh the wiki")).click()
    assert_accessible(admin_page, "toolkit task form")


def test_ticking_closing_down_and_the_archive_work_without_javascript(new_context, sign_in):
    seed_toolkits()
    community = CommunityFactory(name="Wiltshire Fostering Forum", stage=Community.Stage.STARTUP)
    facilitator = member_of(community, UserFactory(name="Grace Hill"), facilitator=True)
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, facilitator)
    page.goto(f"/c/{community.slug}/stage/")
    page.locator("#toolkit").get_by_role("button", name=re.compile("Tick.*Invite founding")).click()
    expect(page.locator("#toolkit")).to_contain_text(re.compile(r"1 of \d+"))
    page.get_by_label("Move to stage").select_option("closedown")
    page.get_by_label(re.compile("^Note")).fill("Merged into the regional forum.")
    page.get_by_role("button", name="Change stage").click()
    page.get_by_role("link", name="Write the lessons learned").click()
    page.get_by_label("Outputs").fill("The fostering allowance comparison.")
    page.get_by_role("button", name="Save the lessons learned").click()
    expect(page.locator("main")).to_contain_text("The fostering allowance comparison.")
    page.goto(f"/c/{community.slug}/archive/")
    page.get_by_role("button", name="Build the archive").click()
    expect(page.get_by_role("heading", name="Ready to download")).to_be_visible()
