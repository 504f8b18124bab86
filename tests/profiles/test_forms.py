"""Every form: bad input is refused with a clear message, and nothing typed is lost."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from profiles import photos
from profiles.models import Message, Profile, ServiceArea, Visibility
from tests.profiles.factories import conversation, image_bytes, image_upload, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client):
    user = person("Mina Member")
    client.force_login(user)
    return user


def profile_data(**overrides):
    data = {
        "name": "Mina Member",
        "job_title": "Adoption Team Manager",
        "organisation": "Somerset Council",
        "location": "Taunton",
        "region": "south-west",
        "service_areas": [ServiceArea.objects.get(name="Social care").pk],
        "expertise": "adoption policy, life story work",
        "interests": "procurement",
        "bio": "I manage an adoption team.",
        "email_visibility": Visibility.CONTACTS,
        "phone": "01823 355 000",
        "phone_visibility": Visibility.ONLY_ME,
        "website": "https://somerset.example/adoption",
        "website_visibility": Visibility.MEMBERS,
        "social_links": "https://www.linkedin.com/in/mina\nhttps://mastodon.example/@mina",
        "social_links_visibility": Visibility.MEMBERS,
        "base_version": 1,  # a profile nobody has saved yet
    }
    data.update(overrides)
    return data


def test_saving_the_profile_form_updates_everything(client, me):
    response = client.post(reverse("profiles:edit"), profile_data())
    assert response.status_code == 302
    profile = Profile.objects.get(user=me)
    assert profile.organisation == "Somerset Council"
    assert [i.tag.name for i in profile.expertise_items.all()] == [
        "adoption policy",
        "life story work",
    ]
    assert list(profile.interests.names()) == ["procurement"]
    assert [a.name for a in profile.service_areas.all()] == ["Social care"]
    assert profile.phone_visibility == Visibility.ONLY_ME
    assert profile.social_link_list == [
        "https://www.linkedin.com/in/mina",
        "https://mastodon.example/@mina",
    ]
    # The edit form shows the tags back in the same order.
    page = client.get(reverse("profiles:edit")).content.decode()
    assert 'value="adoption policy, life story work"' in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("website", "not a web address", "Enter a valid URL."),
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("social_links", "https://ok.example\nftp://files.example", "is not a web address"),
        ("bio", "x" * 1001, "Ensure this value has at most 1000 characters (it has 1001)."),
        ("phone", "call me maybe", "Enter a phone number using digits"),
        ("expertise", ", ".join(f"topic {n}" for n in range(21)), "keep to your 20 main ones"),
        ("expertise", "a" * 51, "Keep each one to 50 characters or fewer"),
        ("name", "   ", "This field is required."),
        ("region", "atlantis", "Select a valid choice."),
    ],
)
def test_bad_profile_input_is_explained_and_kept(client, me, field, value, message):
    before = Profile.objects.get(user=me).organisation
    data = profile_data(**{field: value})
    response = client.post(reverse("profiles:edit"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    # What was typed in the other fields is still there.
    assert 'value="Somerset Council"' in page
    assert "I manage an adoption team." in page or field == "bio"
    assert Profile.objects.get(user=me).organisation == before  # nothing saved


# --- photos --------------------------------------------------------------------------------------


def upload(client, file):
    return client.post(reverse("profiles:photo_edit"), {"photo": file})


def test_a_photo_is_re_encoded_square_without_metadata_and_served_through_a_checked_url(client, me):
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # any EXIF tag: it must not survive
    response = upload(client, image_upload("holiday.jpg", fmt="JPEG", size=(1200, 800), exif=exif))
    assert response.status_code == 302
    profile = Profile.objects.get(user=me)
    assert profile.photo.name.startswith("profiles/photos/")
    assert "holiday" not in profile.photo.name  # an unguessable name, not the upload's
    stored = Image.open(default_storage.open(profile.photo.name))
    assert stored.format == "JPEG" and stored.size == (photos.SIZE, photos.SIZE)
    assert not stored.getexif()

    served = client.get(reverse("profiles:photo", args=[me.username]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "private" in served["Cache-Control"]


def test_a_transparent_png_and_an_animated_gif_are_accepted(client, me):
    assert upload(client, image_upload("logo.png", mode="RGBA")).status_code == 302
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (50, 50), c) for c in ((255, 0, 0), (0, 255, 0))]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    gif = SimpleUploadedFile("wave.gif", buffer.getvalue(), content_type="image/gif")
    assert upload(client, gif).status_code == 302


def test_a_new_photo_replaces_and_deletes_the_old_one(
    client, me, django_capture_on_commit_callbacks
):
    upload(client, image_upload())
    first = Profile.objects.get(user=me).photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, image_upload(color=(0, 0, 255)))
    second = Profile.objects.get(user=me).photo.name
    assert first != second
    assert not default_storage.exists(first) and default_storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:photo_remove"))
    assert not default_storage.exists(second)
    assert not Profile.objects.get(user=me).photo


@pytest.mark.parametrize(
    "file, message",
    [
        (
            SimpleUploadedFile("me.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
            "This file is not a photo we can use.",
        ),
        (
            SimpleUploadedFile(
                "me.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"
            ),
            "This file is not a photo we can use.",
        ),
        (
            SimpleUploadedFile("me.bmp", image_bytes("BMP"), "image/bmp"),
            "This file is not a photo we can use.",
        ),
        (
            SimpleUploadedFile("cut.png", image_bytes("PNG")[:200], "image/png"),
            "This file is not a photo we can use.",
        ),
        (
            SimpleUploadedFile("empty.png", b"", "image/png"),
            "The file you chose is empty. Choose another photo.",
        ),
    ],
)
def test_files_that_are_not_usable_images_are_refused(client, me, file, message):
    response = upload(client, file)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Profile.objects.get(user=me).photo


def test_an_oversize_photo_is_refused_with_its_size(client, me):
    big = SimpleUploadedFile(
        "huge.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "image/jpeg"
    )
    page = upload(client, big).content.decode()
    assert "The photo is 5.0 MB; the largest we accept is 5 MB." in page
    assert not Profile.objects.get(user=me).photo


def test_a_photo_with_too_many_pixels_is_refused(client, me, monkeypatch):
    monkeypatch.setattr(photos, "MAX_PIXELS", 100 * 100)
    page = upload(client, image_upload(size=(200, 200))).content.decode()
    assert "The photo is 200 × 200 pixels, which is too large." in page


def test_no_photo_chosen(client, me):
    page = client.post(reverse("profiles:photo_edit"), {}).content.decode()
    assert "Choose a photo to upload." in page


# --- messages, alerts, account deletion ---------------------------------------------------------


def test_an_empty_message_is_refused_and_the_subject_kept(client, me):
    fran = person("Fran Facilitator")
    response = client.post(
        reverse("profiles:compose", args=[fran.username]), {"subject": "Panels", "body": "  "}
    )
    page = response.content.decode()
    assert "Write your message before sending it." in page
    assert 'value="Panels"' in page
    assert not Message.objects.exists()


def test_a_message_without_a_subject_is_refused_and_the_text_kept(client, me):
    fran = person("Fran Facilitator")
    page = client.post(
        reverse("profiles:compose", args=[fran.username]), {"subject": "", "body": "Hello Fran"}
    ).content.decode()
    assert "Enter a subject for your message." in page
    assert "Hello Fran</textarea>" in page


def test_an_empty_or_over_long_reply_is_refused_and_kept(client, me):
    convo = conversation(me, person("Fran Facilitator"))
    page = client.post(convo.get_absolute_url(), {"body": ""}).content.decode()
    assert "Write your reply before sending it." in page
    long = "y" * 5001
    page = client.post(convo.get_absolute_url(), {"body": long}).content.decode()
    assert "Ensure this value has at most 5000 characters" in page
    assert long + "</textarea>" in page
    assert Message.objects.count() == 1


def test_the_message_email_choice_on_my_alerts_refuses_an_unknown_choice(client, me):
    page = client.post(
        reverse("alerts:mine"), {"action": "messages", "messages-message_email": "hourly"}
    ).content.decode()
    assert "Select a valid choice." in page
    assert Profile.objects.get(user=me).message_email == "immediately"


def test_deleting_needs_the_right_password(client, me):
    response = client.post(reverse("profiles:delete"), {"password": "wrong"})
    page = response.content.decode()
    assert "That is not your password. Your account has not been deleted." in page
    me.refresh_from_db()
    assert me.is_active
