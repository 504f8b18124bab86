"""Each result links to its community's home page (search.query.fetch builds the links)."""

from django.urls import reverse

from tests.search.helpers import committed
from tests.wikis.factories import page


def test_each_result_links_to_its_community(client, public, private, priya):
    with committed():
        page(public, priya, title="Flood plan", body="<p>Flood.</p>")
        page(private, priya, title="Flood risk", body="<p>Flood.</p>")
    client.force_login(priya)
    html = client.get(reverse("search:index") + "?q=flood").text
    for community in (public, private):
        home = reverse("communities:home", kwargs={"slug": community.slug})
        assert f'in <a href="{home}">{community.name}</a>' in html
