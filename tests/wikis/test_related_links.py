"""A wiki page lists its related entries and the pages that list it, each A–Z, from one query."""

import re

from wikis.views import _related_both_ways

from .factories import page

LINK = re.compile(r'<li><a href="[^"]+">([^<]+)</a></li>')


def test_related_entries_and_pages_listing_this_one_are_each_a_to_z(
    client, community, dave, django_assert_num_queries
):
    zebra = page(community, dave, title="Zebra crossings")
    apple = page(community, dave, title="Apple orchards")
    hub = page(community, dave, title="Hub", related=[zebra, apple])
    page(community, dave, title="Yew hedges", related=[hub])
    page(community, dave, title="Birch woods", related=[hub, zebra])
    with django_assert_num_queries(1):
        related, linked_from = _related_both_ways(hub)
    assert [p.title for p in related] == ["Apple orchards", "Zebra crossings"]
    assert [p.title for p in linked_from] == ["Birch woods", "Yew hedges"]

    client.force_login(dave)
    html = client.get(hub.get_absolute_url()).text
    section = html[html.index('class="related-entries"') :]
    section = section[: section.index("</section>")]
    assert LINK.findall(section) == [
        "Apple orchards",
        "Zebra crossings",
        "Birch woods",
        "Yew hedges",
    ]
