"""The site icon: /favicon.ico answers, and every page links icons from the static files."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_the_icon_from_the_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\x00\x00\x01\x00")  # an ICO file
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert body == icon.read()


def test_every_page_links_icons_that_exist(client, member):
    visitor_page = client.get("/help/")
    client.force_login(member)
    for page in (visitor_page, client.get("/")):
        links = re.findall(r'<link rel="icon" href="([^"]+)"', page.content.decode())
        assert len(links) == 2
        for href in links:
            assert href.startswith(settings.STATIC_URL)
            assert finders.find(href.removeprefix(settings.STATIC_URL)), href
