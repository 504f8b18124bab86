"""Uploaded files in an S3-compatible bucket (moto's server over HTTP, as MinIO would be).

Members upload and download through the same permission-checked views as with local disk; the
bucket only ever holds private objects under random names, and nothing links to it.
"""

import pytest
from django.urls import reverse

from documents.models import Document
from documents.samples import pdf_bytes, png_bytes
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.documents.factories import upload

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_community():
    return CommunityFactory(name="Adoption Support Leads", private=True)


def upload_through_the_view(client, community, content, title="Matching guidance"):
    return client.post(
        reverse("documents:upload", args=[community.slug]),
        {
            "title": title,
            "description": "<p>How we match.</p>",
            "file": upload("Matching guidance.pdf", content),
        },
    )


def test_a_document_lives_in_the_bucket_and_is_served_only_through_the_permission_view(
    client, s3_storage, private_community
):
    author = member_of(private_community, UserFactory(name="Dave Briggs"))
    reader = member_of(private_community, UserFactory(name="Neel Hatch"))
    outsider = UserFactory(name="Olive Outsider")
    content = pdf_bytes("Matching guidance for adoption panels")

    client.force_login(author)
    response = upload_through_the_view(client, private_community, content)
    document = Document.objects.get(community=private_community)
    assert response.status_code == 302, response.content[:2000]
    version = document.current_version
    [key] = s3_storage.keys()
    assert key == version.file.name and key.startswith("documents/")
    assert s3_storage.read(key) == content
    # Private objects: the bucket grants nothing beyond its owner.
    grants = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=key)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants), grants

    client.force_login(reader)
    file_url = reverse("documents:file", args=[private_community.slug, document.pk])
    response = client.get(file_url, {"download": "1"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    detail = client.get(reverse("documents:detail", args=[private_community.slug, document.pk]))
    assert s3_storage.server.endpoint not in detail.text and s3_storage.bucket not in detail.text

    # An outsider may see that the private community exists but not its library: refused, as
    # the permission matrix says for every private community's content (tests/documents).
    client.force_login(outsider)
    refused = client.get(file_url)
    assert refused.status_code == 403 and content not in refused.content

    client.force_login(author)
    response = client.post(reverse("documents:delete", args=[private_community.slug, document.pk]))
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert s3_storage.keys() == []


def test_a_file_missing_from_the_bucket_is_a_404(client, s3_storage, private_community):
    author = member_of(private_community)
    client.force_login(author)
    upload_through_the_view(client, private_community, pdf_bytes("Gone"))
    document = Document.objects.get(community=private_community)
    s3_storage.client.delete_object(
        Bucket=s3_storage.bucket, Key=document.current_version.file.name
    )

    response = client.get(reverse("documents:file", args=[private_community.slug, document.pk]))
    assert response.status_code == 404


def test_profile_and_community_photos_live_in_the_bucket_and_are_served_by_their_views(
    client, s3_storage, private_community
):
    facilitator = member_of(
        private_community, UserFactory(name="Fran Facilitator"), facilitator=True
    )
    client.force_login(facilitator)

    response = client.post(
        reverse("profiles:photo_edit"), {"photo": upload("me.png", png_bytes(), "image/png")}
    )
    assert response.status_code == 302
    [profile_photo] = s3_storage.keys()
    assert profile_photo.startswith("profiles/photos/")
    served = client.get(reverse("profiles:photo", args=[facilitator.username]))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == s3_storage.read(profile_photo)

    private_community.refresh_from_db()
    response = client.post(
        reverse("communities:manage", args=[private_community.slug]),
        {
            "name": private_community.name,
            "short_description": private_community.short_description,
            "domain": private_community.domain,
            "visibility": "private",
            "features": ["documents"],
            "photo": upload("banner.png", png_bytes((400, 100)), "image/png"),
            "base_version": private_community.edit_version,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    [banner] = [key for key in s3_storage.keys() if key != profile_photo]
    assert banner.startswith("communities/photos/")
    url = reverse("communities:photo", args=[private_community.slug])
    served = client.get(url)
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == s3_storage.read(banner)

    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
