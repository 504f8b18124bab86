"""The library's rows come from the cache (core.fragments): every change to what a row shows
is on the next request, viewers shown the same documents share the rows, and the page works
with the cache down."""

import re

import pytest
from django.urls import reverse

from core import fragments
from documents import services
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import document, docx
from tests.search.helpers import committed


@pytest.fixture
def guide(community, dave):
    return document(community, dave, title="Site Guide: Wikis", description="<p>About wikis.</p>")


def rows(client, user, community, query=""):
    client.force_login(user)
    html = client.get(reverse("documents:index", args=[community.slug]) + query).text
    return re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)


def test_viewers_shown_the_same_documents_share_the_rows(client, community, guide, dave, neel):
    assert rows(client, dave, community) == rows(client, neel, community)
    assert f'href="/c/{community.slug}/documents/{guide.pk}/"' in rows(client, neel, community)


def test_every_change_to_a_row_shows_at_once(client, community, guide, dave, neel):
    assert "Site Guide: Wikis" in rows(client, neel, community)

    with committed():
        services.document_edit(
            document=guide, by=dave, title="Wiki Guide", description="<p>Renewed.</p>"
        )
    html = rows(client, neel, community)
    assert "Wiki Guide" in html and "Renewed." in html and "About wikis." not in html

    with committed():
        services.version_add(document=guide, by=neel, upload=docx("Guide.docx"), note="Word")
    assert "Word document" in rows(client, neel, community) or "DOCX" in rows(
        client, neel, community
    )
    assert "(PDF," not in rows(client, neel, community)

    services.document_rate(document=guide, user=neel, stars=4)
    assert "4.0 out of 5" in rows(client, neel, community)
    services.document_rate(document=guide, user=dave, stars=2)
    assert "3.0 out of 5" in rows(client, neel, community)

    dave.name = "David Briggs"
    dave.save(update_fields=["name"])
    assert "David Briggs" in rows(client, neel, community)

    with committed():
        services.document_delete(document=guide, by=dave)
    client.force_login(neel)
    html = client.get(reverse("documents:index", args=[community.slug])).text
    assert "Wiki Guide" not in html and "No documents yet." in html


def test_the_rows_follow_the_sort_and_the_viewer_s_own_documents(
    client, community, guide, dave, neel
):
    document(community, neel, title="Another Paper")
    assert "Site Guide" not in rows(client, neel, community, "?sort=mine")
    assert "Another Paper" in rows(client, neel, community, "?sort=mine")
    assert "Another Paper" not in rows(client, dave, community, "?sort=mine")


def test_an_outsider_never_gets_a_private_librarys_rows(client, community, guide, neel):
    private = CommunityFactory(name="Closed Library", private=True)
    insider = member_of(private, UserFactory(name="Ida Insider"))
    document(private, insider, title="Confidential Paper")
    assert "Confidential Paper" in rows(client, insider, private)
    client.force_login(UserFactory(name="Otto Outsider"))
    response = client.get(reverse("documents:index", args=[private.slug]))
    assert response.status_code in (403, 404) and b"Confidential Paper" not in response.content


def test_the_library_works_when_the_cache_is_down(client, community, guide, neel, monkeypatch):
    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(fragments, "cache", Down())
    assert "Site Guide: Wikis" in rows(client, neel, community)
