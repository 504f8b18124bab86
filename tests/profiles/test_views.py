"""The tabs of My profile: each opens the page of the app that owns it."""

import re

import pytest
from django.urls import reverse

from tests.profiles.factories import person

pytestmark = pytest.mark.django_db

# Every page of the profiles app that shows the My profile tabs.
MY_PROFILE_PAGES = [
    "profiles:me",
    "profiles:edit",
    "profiles:inbox",
    "profiles:archived",
    "profiles:my_communities",
    "profiles:contacts",
    "profiles:data",
    "profiles:delete",
]
TAB = re.compile(r'<li><a href="(?P<href>[^"]*)"(?P<current> aria-current="\w+")?>(?P<label>[^<]+)')


def tabs(response):
    """{label: (href, is_current)} of the My profile tabs on a page."""
    assert response.status_code == 200
    page = response.content.decode()
    nav = page[page.index('<nav class="profile-tabs"') :]
    nav = nav[: nav.index("</nav>")]
    return {m["label"]: (m["href"], bool(m["current"])) for m in TAB.finditer(nav)}


@pytest.fixture
def me(client):
    user = person("Mina Member")
    client.force_login(user)
    return user


@pytest.mark.parametrize("url_name", MY_PROFILE_PAGES)
def test_the_my_alerts_tab_opens_the_alerts_apps_own_page(client, me, url_name):
    href, current = tabs(client.get(reverse(url_name)))["My alerts"]
    assert href == reverse("alerts:mine")
    assert not current


def test_the_alerts_page_keeps_the_profile_tabs_with_my_alerts_current(client, me):
    shown = tabs(client.get(reverse("alerts:mine")))
    assert shown["My alerts"] == (reverse("alerts:mine"), True)
    assert shown["Personal details"] == (reverse("profiles:me"), False)
    assert [label for label in shown] == [
        "Personal details",
        "Messages",
        "My communities",
        "My alerts",
        "My blog",
        "My contacts",
    ]
