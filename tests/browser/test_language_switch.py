"""The footer's language switcher in Chromium: with and without JavaScript, at 320px, through axe.

The Welsh test catalogue (tests/i18n/catalogue.py) is in place for the live server, which runs in
this process and so reads the overridden LOCALE_PATHS and LANGUAGES.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.i18n.catalogue import welsh  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("welsh")


def switch_to(page, language_name, button_name):
    page.get_by_label(re.compile(r"^(Language|Iaith)$")).select_option(label=language_name)
    page.get_by_role("button", name=button_name).click()
    page.wait_for_load_state()


def test_a_visitor_switches_to_welsh_and_back_on_the_same_page(page):
    page.goto("/help/")
    assert_accessible(page, label="help page with the language switcher")
    switch_to(page, "Cymraeg", "Change language")
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="Cymorth")).to_be_visible()
    expect(footer.get_by_role("link", name="Telerau")).to_be_visible()
    assert_accessible(page, label="help page in Welsh")

    switch_to(page, "English", "Newid iaith")
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en-GB")
    expect(footer.get_by_role("link", name="Help")).to_be_visible()


def test_the_switch_works_without_javascript_at_320px(new_context, member, sign_in):
    page = new_context(java_script_enabled=False, viewport={"width": 320, "height": 640}).new_page()
    sign_in(page, member)
    page.goto("/help/")
    switch_to(page, "Cymraeg", "Change language")
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 321, f"the page scrolls sideways at 320px ({width}px)"
