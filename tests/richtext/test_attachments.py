"""Attachments are stored under random names and served only to people who can see the post."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forums import services as forum_services
from richtext.attachments import attachments_for
from tests.forums.factories import reply, topic
from tests.richtext.fixtures import join

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def files_of(post):
    return attachments_for([post]).get(post.pk, [])


def test_images_show_inline_and_documents_download(client, community, alice, bob):
    t = topic(
        community,
        alice,
        files=[
            SimpleUploadedFile("panel.png", PNG),
            SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
        ],
    )
    image, document = files_of(t.opening_post)
    assert "panel" not in image.file.name and image.file.name.endswith(".png")
    client.force_login(bob)
    shown = client.get(image.get_absolute_url())
    assert shown["Content-Type"] == "image/png"
    assert shown["Content-Disposition"].startswith("inline")
    assert shown["X-Content-Type-Options"] == "nosniff"
    downloaded = client.get(document.get_absolute_url())
    assert downloaded["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    page = client.get(t.get_absolute_url()).content.decode()
    assert f'<img src="{image.get_absolute_url()}" alt="panel.png"' in page
    assert 'minutes.pdf</a> <span class="meta-text">(16\xa0bytes)</span>' in page


def test_private_and_removed_posts_keep_their_files_to_themselves(
    client, private_community, alice, bob, facilitator
):
    join(alice, private_community)
    join(facilitator, private_community, facilitator=True)
    t = topic(private_community, alice)
    post = reply(t, alice, files=[SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes")])
    url = files_of(post)[0].get_absolute_url()
    client.force_login(bob)  # not a member of the private community
    assert client.get(url).status_code == 404
    forum_services.post_remove(post=post, by=alice)
    join(bob, private_community)
    assert client.get(url).status_code == 404  # deleted: members no longer get the file
    client.force_login(facilitator)
    assert client.get(url).status_code == 200


def test_a_bad_upload_is_refused_with_the_reason_and_the_text_kept(client, community, alice):
    client.force_login(alice)
    response = client.post(
        reverse("forums:topic_new", kwargs={"slug": community.slug}),
        {
            "title": "Budget",
            "kind": "discussion",
            "body": "See the sheet",
            "files": [SimpleUploadedFile("budget.exe", b"MZ")],
        },
    )
    html = response.content.decode()
    assert "“budget.exe” is not a type of file we accept" in html
    assert "See the sheet" in html and 'value="Budget"' in html
