"""The site admins' health page in a real browser, at 320 px wide: a table of every service with
its status in words, the beat tick's time, and axe finds nothing serious. A member is refused."""

import re

from playwright.sync_api import expect

from core import tasks
from tests.accounts.factories import AdminFactory, UserFactory
from tests.browser.axe import assert_accessible


def test_a_site_admin_reads_the_health_of_every_service_on_a_narrow_screen(new_context, sign_in):
    admin = AdminFactory(name="Site Admin")
    tasks.beat_tick()
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    sign_in(page, admin)

    page.goto("/site-admin/health/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service health")
    table = page.get_by_role("table")
    for name in ("Database", "Cache", "Message broker", "File storage", "Scheduled tasks (beat)"):
        expect(table.get_by_role("rowheader", name=name)).to_be_visible()
    expect(page.get_by_text(re.compile("Beat last ran its health tick at"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, "the health page")

    member = new_context().new_page()
    sign_in(member, UserFactory(name="Plain Member"))
    response = member.goto("/site-admin/health/")
    assert response.status == 403
