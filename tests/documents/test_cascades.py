"""What the library keeps right when its rows go away by cascade rather than through its own
services: a site admin deleting a member (their ratings go) or a whole community (its documents,
versions and files go)."""

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.urls import reverse

from documents import services
from documents.models import Document, DocumentVersion, Rating
from profiles.services import account_delete
from tests.documents.factories import document, docx
from tests.search.helpers import committed


def highest_rated(client, community, titles):
    html = client.get(reverse("documents:index", args=[community.slug]) + "?sort=rated").text
    return sorted((title for title in titles if title in html), key=html.index)


def test_a_deleted_members_ratings_leave_the_average_and_the_highest_rated_order(
    client, community, dave, neel
):
    guide = document(community, dave, title="Site Guide: Wikis")
    agenda = document(community, dave, title="Meeting agenda")
    services.document_rate(document=guide, user=dave, stars=5)
    services.document_rate(document=guide, user=neel, stars=1)
    services.document_rate(document=agenda, user=dave, stars=4)
    client.force_login(dave)
    titles = ("Site Guide: Wikis", "Meeting agenda")
    assert highest_rated(client, community, titles) == ["Meeting agenda", "Site Guide: Wikis"]

    # Neel's user row is deleted outside the services (the admin closes accounts instead, so
    # this is a shell or a data fix): the rating goes by cascade.
    with committed():
        neel.delete()
    assert not Rating.objects.filter(user_id=neel.pk).exists()

    guide.refresh_from_db()
    assert (float(guide.rating_avg), guide.rating_count, guide.stars) == (5.0, 1, 5)
    client.force_login(dave)
    html = client.get(guide.get_absolute_url()).text
    assert "5.0 out of 5" in html and "(1 rating)" in html
    assert highest_rated(client, community, titles) == ["Site Guide: Wikis", "Meeting agenda"]


def test_a_rolled_back_member_delete_keeps_the_numbers(community, dave, neel):
    guide = document(community, dave)
    services.document_rate(document=guide, user=dave, stars=5)
    services.document_rate(document=guide, user=neel, stars=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        neel.delete()
        raise RuntimeError("rolled back")
    guide.refresh_from_db()
    assert (float(guide.rating_avg), guide.rating_count) == (3.0, 2)


def test_closing_an_account_keeps_the_rating_as_former_member_and_the_numbers_agree(
    community, dave, neel
):
    """account_delete anonymises the user row rather than deleting it (docs/profiles.md), so
    the rating stays, like everything else they contributed, and the numbers stay true."""
    guide = document(community, dave)
    services.document_rate(document=guide, user=dave, stars=5)
    services.document_rate(document=guide, user=neel, stars=1)
    with committed():
        account_delete(user=neel)
    guide.refresh_from_db()
    assert Rating.objects.filter(document=guide).count() == guide.rating_count == 2
    assert float(guide.rating_avg) == 3.0


def test_ratings_recount_puts_every_listed_document_right(community, dave, neel):
    guide = document(community, dave, title="Site Guide: Wikis")
    agenda = document(community, dave, title="Meeting agenda")
    services.document_rate(document=guide, user=neel, stars=2)
    services.document_rate(document=guide, user=dave, stars=5)
    Document.objects.update(rating_avg=1, rating_count=9)  # stale, as after a bulk delete
    services.ratings_recount([guide.pk, agenda.pk, 999_999])
    guide.refresh_from_db()
    agenda.refresh_from_db()
    assert (float(guide.rating_avg), guide.rating_count) == (3.5, 2)
    assert (float(agenda.rating_avg), agenda.rating_count) == (0.0, 0)


@pytest.fixture
def library(community, dave):
    """A document with two versions, and the paths of its two stored files."""
    guide = document(community, dave)
    with committed():
        services.version_add(document=guide, by=dave, upload=docx(), note="As a Word document")
    return guide


def stored_paths(settings, guide):
    return [settings.MEDIA_ROOT / v.file.name for v in guide.versions.all()]


def test_deleting_a_community_removes_its_document_files_after_commit(library, community, settings):
    paths = stored_paths(settings, library)
    assert len(paths) == 2 and all(path.exists() for path in paths)
    with committed(), transaction.atomic():
        community.delete()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()
    assert not any(path.exists() for path in paths)


def test_a_rolled_back_community_delete_keeps_the_files(library, community, settings):
    paths = stored_paths(settings, library)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        community.delete()
        raise RuntimeError("rolled back")
    assert DocumentVersion.objects.count() == 2
    assert all(path.exists() for path in paths)


def test_deleting_a_document_removes_each_file_once_and_a_missing_file_is_harmless(
    library, dave, settings, monkeypatch
):
    paths = stored_paths(settings, library)
    paths[0].unlink()  # already gone, say removed by hand
    deleted = []
    real_delete = FileSystemStorage.delete
    monkeypatch.setattr(
        FileSystemStorage,
        "delete",
        lambda self, name: deleted.append(name) or real_delete(self, name),
    )
    with committed():
        services.document_delete(document=library, by=dave)
    assert sorted(deleted) == sorted(str(p.relative_to(settings.MEDIA_ROOT)) for p in paths)
    assert not any(path.exists() for path in paths)
