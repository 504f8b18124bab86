"""A long thread's page stays light over the wire."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.accounts.factories import UserFactory
from tests.forums.worlds import _reply, _topic
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db

WIRE_BUDGET = 100 * 1024

PARAGRAPH = (
    "<p>We tried this in our team for a month. The <strong>weekly check-in</strong> worked "
    "best when someone posted a short summary afterwards, with <a href='https://example.org/'>"
    "a link to the notes</a>, so the people who missed the call could still join in here.</p>"
)


def test_a_page_of_a_long_thread_is_under_100_kb_over_the_wire(client, community, alice):
    people = [join(UserFactory(), community) for _ in range(5)]
    thread = _topic(community, alice, "How do you run your weekly check-in?", PARAGRAPH)
    parent = None
    for n in range(120):
        post = _reply(thread, people[n % 5], PARAGRAPH * 2, parent=parent)
        parent = post if n % 3 == 0 else None
    client.force_login(alice)

    response = client.get(thread.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    assert len(response.context["posts"]) == 50  # a full page
    assert len(response.content) < WIRE_BUDGET, (
        f"{len(response.content)} bytes compressed, {len(gzip.decompress(response.content))} plain"
    )


def test_a_thread_with_its_stylesheets_and_scripts_is_under_100_kb_over_the_wire(
    client, community, alice
):
    """Everything a browser fetches to show the page: the HTML and the CSS and JS it links,
    each compressed as WhiteNoise serves it. The rich-text editor is not among them: it loads
    when the reply box is about to be used (static/js/richtext-loader.js)."""
    people = [join(UserFactory(), community) for _ in range(5)]
    thread = _topic(community, alice, "How do you run your weekly check-in?", PARAGRAPH)
    for n in range(60):
        _reply(thread, people[n % 5], PARAGRAPH * 2)
    client.force_login(alice)

    response = client.get(thread.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
    html = gzip.decompress(response.content).decode()
    assert 'data-richtext="editor"' in html  # the reply box is on the page

    tags = re.findall(r"<link [^>]*>|<script [^>]*>", html)
    linked = [m for tag in tags for m in re.findall(r'(?:href|src)="/static/([^"?]+)"', tag)]
    assert "css/site.css" in linked and "js/richtext-loader.js" in linked
    assert "js/richtext-editor.js" not in linked
    sizes = {"page": len(response.content)}
    for path in linked:
        found = finders.find(path)
        assert found, f"{path} is linked but not in the static files"
        sizes[path] = len(gzip.compress(Path(found).read_bytes(), compresslevel=9))
    assert sum(sizes.values()) < WIRE_BUDGET, sizes
