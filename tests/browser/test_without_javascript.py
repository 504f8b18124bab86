"""The site works with JavaScript switched off: signing in and changing the text size."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def page_without_js(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_sign_in_and_text_size_work_without_javascript(page_without_js, member, sign_in):
    page = page_without_js
    assert page.evaluate("1 + 1") == 2  # playwright itself still runs; the page's scripts do not
    sign_in(page, member)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {member.display_name}")

    html = page.locator("html")
    page.get_by_role("button", name="Large text").click()
    expect(html).to_have_class(re.compile(r"\btext-large\b"))
    page.goto("/help/")
    expect(html).to_have_class(re.compile(r"\btext-large\b"))
    page.get_by_role("button", name="Standard text").click()
    expect(html).to_have_class(re.compile(r"\btext-standard\b"))
    expect(page).to_have_url(re.compile(r"/help/$"))  # back on the page it was pressed on
