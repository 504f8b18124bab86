"""The tag cloud's HTML is kept under its rows (core.fragments): a new count shows at once on
every page that shows the cloud, and the cloud is rendered with the cache down."""

import re

from django.urls import reverse

from core import fragments
from tags.services import tag_add
from tests.search.helpers import committed
from tests.wikis.factories import page


def cloud_html(client, url):
    html = client.get(url).text
    start = html.index('class="tag-cloud"')
    return html[start : html.index("</section>", start)]


def test_a_new_count_shows_at_once_on_the_home_and_the_wiki(client, community, author, reader):
    first = page(community, author, title="First")
    with committed():
        tag_add(user=reader, item=first, names="budget")
    client.force_login(reader)
    home = reverse("communities:home", kwargs={"slug": community.slug})
    wiki = first.get_absolute_url()
    assert "(1 item)" in cloud_html(client, home) and "(1 item)" in cloud_html(client, wiki)

    with committed():
        tag_add(user=reader, item=page(community, author, title="Second"), names="budget")
    for url in (home, wiki):
        html = cloud_html(client, url)
        assert "(2 items)" in html and "(1 item)" not in html
        assert re.search(r'href="/tags/budget/"', html)


def test_the_cloud_is_rendered_with_the_cache_down(client, community, author, reader, monkeypatch):
    with committed():
        tag_add(user=reader, item=page(community, author, title="First"), names="budget")

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(fragments, "cache", Down())
    client.force_login(reader)
    home = reverse("communities:home", kwargs={"slug": community.slug})
    assert "budget" in cloud_html(client, home)
