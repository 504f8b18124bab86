"""The document library as members use it: upload, versions, ratings, comments, sorting."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.urls import reverse

from activity.models import Activity, Verb
from comments.services import comment_create
from communities.models import Community
from documents import services
from documents.models import Document, DocumentVersion, Rating
from search.models import SearchDocument
from tests.documents.factories import document, docx, pdf, png
from tests.search.helpers import committed


@pytest.fixture
def guide(community, dave):
    return document(
        community,
        dave,
        title="Site Guide: Wikis",
        description="<p>A guide to wikis on the CoP platform.</p>",
    )


def detail_url(doc):
    return reverse("documents:detail", args=[doc.community.slug, doc.pk])


def test_uploading_stores_the_file_records_activity_and_indexes_it(guide, dave):
    version = guide.current_version
    assert (guide.version_count, version.number, version.uploaded_by) == (1, 1, dave)
    assert version.content_type == "application/pdf" and version.kind_label == "PDF"
    assert version.file.read().startswith(b"%PDF-")
    assert Activity.objects.filter(verb=Verb.DOCUMENT_UPLOADED, target_id=guide.pk).exists()
    row = SearchDocument.objects.get(kind="document")
    assert row.title == "Site Guide: Wikis" and "Site guide - wikis.pdf" in row.body


def test_a_new_version_keeps_the_old_one_downloadable(client, guide, neel):
    with committed():
        services.version_add(
            document=guide,
            by=neel,
            upload=docx("Wikis guide v2.docx"),
            note="Rewritten as a Word document",
        )
    guide.refresh_from_db()
    assert guide.version_count == 2 and guide.current_version.original_name == "Wikis guide v2.docx"
    client.force_login(neel)
    html = client.get(detail_url(guide)).text
    assert "Rewritten as a Word document" in html and "Site guide - wikis.pdf" in html
    old = client.get(reverse("documents:version_file", args=[guide.community.slug, guide.pk, 1]))
    assert b"".join(old.streaming_content).startswith(b"%PDF-")
    with pytest.raises(services.Invalid, match="what changed"):
        services.version_add(document=guide, by=neel, upload=pdf(), note=" ")


def test_members_rate_once_and_can_change_their_mind(client, guide, neel, dave):
    client.force_login(neel)
    url = reverse("documents:rate", args=[guide.community.slug, guide.pk])
    assert client.post(url, {"stars": "5"}).status_code == 302
    assert client.post(url, {"stars": "3"}).status_code == 302
    services.document_rate(document=guide, user=dave, stars=4)
    guide.refresh_from_db()
    assert (guide.rating_count, float(guide.rating_avg), guide.stars) == (2, 3.5, 4)
    assert Rating.objects.get(user=neel).stars == 3
    assert Activity.objects.filter(verb=Verb.DOCUMENT_RATED).count() == 2  # first ratings only
    html = client.get(detail_url(guide)).text
    assert "3.5 out of 5" in html and "(2 ratings)" in html
    assert "Your rating: 3 out of 5" in html
    assert "<legend>Your rating: 3 out of 5. Change it?</legend>" in html
    assert 'type="radio" name="stars" value="3"' in html and "checked" in html


def test_one_rating_per_member_is_a_database_rule(guide, neel):
    Rating.objects.create(user=neel, document=guide, stars=2)
    with pytest.raises(IntegrityError):
        Rating.objects.create(user=neel, document=guide, stars=5)


def test_a_rating_out_of_range_is_explained(client, guide, neel):
    client.force_login(neel)
    response = client.post(
        reverse("documents:rate", args=[guide.community.slug, guide.pk]), {"stars": "9"}
    )
    assert response.status_code == 400
    assert "Choose from 1 to 5 stars." in response.text
    assert not Rating.objects.exists()


def test_comments_use_the_shared_mechanism(client, guide, neel):
    with committed():
        comment_create(target=guide, author=neel, body="<p>Really useful, thanks!</p>")
    guide.refresh_from_db()
    assert guide.comment_count == 1
    client.force_login(neel)
    html = client.get(detail_url(guide)).text
    assert "Really useful, thanks!" in html and "Comments (1)" in html
    add = client.post(reverse("comments:add", args=["document", guide.pk]), {"body": "More!"})
    assert add.status_code == 302


def test_the_library_sorts_by_latest_a_to_z_mine_and_highest_rated(client, community, dave, neel):
    zebra = document(community, dave, title="Zebra crossings")
    apple = document(community, neel, title="Apple orchards")
    services.document_rate(document=zebra, user=neel, stars=5)
    services.document_rate(document=apple, user=dave, stars=2)
    client.force_login(neel)
    url = reverse("documents:index", args=[community.slug])

    def order(sort):
        html = client.get(f"{url}?sort={sort}").text
        shown = [title for title in ("Zebra crossings", "Apple orchards") if title in html]
        return sorted(shown, key=html.index)

    assert order("latest") == ["Apple orchards", "Zebra crossings"]
    assert order("az") == ["Apple orchards", "Zebra crossings"]
    assert order("rated") == ["Zebra crossings", "Apple orchards"]
    assert order("mine") == ["Apple orchards"]
    html = client.get(f"{url}?sort=rated").text
    assert '<a href="?sort=rated" aria-current="page">Highest rated</a>' in html


def test_the_library_is_paginated_with_constant_queries(
    client, community, dave, django_assert_max_num_queries
):
    for n in range(22):
        document(community, dave, title=f"Paper {n:02d}")
    client.force_login(dave)
    with django_assert_max_num_queries(14):
        first = client.get(reverse("documents:index", args=[community.slug]))
    assert first.text.count('class="document-table__title"') == 20 and "Page 1 of 2" in first.text


def test_the_detail_page_queries_do_not_grow_with_versions_ratings_and_comments(
    client, guide, neel, dave, django_assert_max_num_queries
):
    client.force_login(neel)
    client.get(detail_url(guide))
    for n in range(5):
        services.version_add(document=guide, by=dave, upload=pdf(), note=f"Version {n}")
        with committed():
            comment_create(target=guide, author=neel, body=f"<p>Comment {n}</p>")
    services.document_rate(document=guide, user=neel, stars=4)
    with django_assert_max_num_queries(32):
        response = client.get(detail_url(guide))
    assert response.text.count("Version 4") == 1


def test_editing_details_is_for_the_uploader_and_facilitators(client, guide, neel, dave):
    with pytest.raises(PermissionDenied):
        services.document_edit(document=guide, by=neel, title="Hijacked", description="")
    client.force_login(dave)
    url = reverse("documents:edit", args=[guide.community.slug, guide.pk])
    bad = client.post(
        url, {"title": "", "description": "<p>Keep this text.</p>", "base_version": 1}
    )
    assert "Give the document a title." in bad.text and "Keep this text." in bad.text
    with committed():
        response = client.post(url, {"title": "Wikis guide", "description": "", "base_version": 1})
        assert response.status_code == 302
    assert SearchDocument.objects.get(kind="document").title == "Wikis guide"


def test_deleting_removes_files_ratings_comments_tags_and_the_index_row(
    guide, neel, dave, settings
):
    services.document_rate(document=guide, user=neel, stars=5)
    path = settings.MEDIA_ROOT / guide.current_version.file.name
    assert path.exists()
    with committed():
        services.document_delete(document=guide, by=dave)
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert not Rating.objects.exists() and not SearchDocument.objects.exists()
    assert not path.exists()


def test_an_archived_library_can_be_read_but_not_added_to(client, guide, neel):
    Community.objects.filter(pk=guide.community_id).update(stage=Community.Stage.CLOSEDOWN)
    client.force_login(neel)
    html = client.get(detail_url(guide)).text
    assert "Site Guide: Wikis" in html and "Rate it" not in html
    response = client.get(reverse("documents:upload", args=[guide.community.slug]))
    assert response.status_code == 403 and "read-only archive" in response.text


def test_images_open_in_the_browser(client, community, dave):
    photo = document(community, dave, title="Team photo", file=png())
    client.force_login(dave)
    response = client.get(reverse("documents:file", args=[community.slug, photo.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_new_version_without_a_note_or_with_a_bad_file_is_explained(client, guide, neel):
    client.force_login(neel)
    url = reverse("documents:version_new", args=[guide.community.slug, guide.pk])
    response = client.post(url, {"note": "", "file": pdf("v2.pdf")})
    assert "Say briefly what changed in this version." in response.text
    response = client.post(url, {"note": "Fixed typos", "file": png("v2.pdf")})
    assert "does not look like a PDF" in response.text
    assert 'value="Fixed typos"' in response.text
    guide.refresh_from_db()
    assert guide.version_count == 1
