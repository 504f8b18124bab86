"""Data rights: download everything as a zip of JSON; delete the account (content stays,
attributed to "Former member"; private messages removed too on request)."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import User
from core import features as feature_registry
from core.features import Feature
from profiles import services
from profiles.models import Block, Contact, Conversation, Message, Participant, Profile, Visibility
from tests.accounts.factories import PASSWORD
from tests.profiles.factories import conversation, give_photo, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex(client):
    user = person(
        "Alex Member",
        organisation="Somerset Council",
        phone="01823 355 000",
        phone_visibility=Visibility.ONLY_ME,
        expertise=["adoption support"],
        interests=["knowledge management"],
    )
    client.force_login(user)
    return user


@pytest.fixture
def fran():
    return person("Fran Facilitator")


def download(client):
    response = client.post(reverse("profiles:data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.zip"'
    assert response["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: json.loads(archive.read(name)) for name in archive.namelist()}


def test_i_download_all_my_data_as_json_files_in_a_zip(client, alex, fran):
    services.contact_add(owner=alex, contact=fran)
    convo = conversation(alex, fran, subject="Panels", body="Could you share the template?")
    services.message_send(sender=fran, conversation=convo, body="Here it is.")
    files = download(client)

    assert set(files) == {
        "profile.json",
        "contacts.json",
        "blocked.json",
        "messages.json",
        "posts.json",
    }
    profile = files["profile.json"]
    assert profile["name"] == "Alex Member"
    assert profile["email"] == alex.email
    assert profile["organisation"] == "Somerset Council"
    assert profile["expertise"] == ["adoption support"]
    assert profile["interests"] == ["knowledge management"]
    # Even "only me" details: it is my own data.
    assert profile["contact_details"]["phone"] == {
        "value": "01823 355 000",
        "who_can_see": "Only me",
    }
    assert files["contacts.json"][0]["name"] == "Fran Facilitator"
    [thread] = files["messages.json"]
    assert thread["subject"] == "Panels" and thread["with"] == "Fran Facilitator"
    assert [(m["from"], m["body"]) for m in thread["messages"]] == [
        ("me", "Could you share the template?"),
        ("Fran Facilitator", "Here it is."),
    ]
    assert files["posts.json"] and all(rows == [] for rows in files["posts.json"].values())


def test_features_add_their_posts_through_the_registry(client, alex):
    notes = Feature(
        key="test_notes",
        label="Notes",
        tab="communities:directory",
        exports={"test_notes": lambda user: [{"title": f"By {user.display_name}"}]},
    )
    feature_registry.register(notes)
    try:
        assert download(client)["posts.json"]["test_notes"] == [{"title": "By Alex Member"}]
    finally:
        feature_registry.unregister("test_notes")


def test_the_download_is_post_only_and_only_ever_my_own(client, alex, fran):
    assert client.get(reverse("profiles:data_download")).status_code == 405
    files = download(client)
    assert files["profile.json"]["name"] == "Alex Member"
    assert fran.email not in json.dumps(files)


def test_deleting_my_account_erases_me_but_keeps_what_i_said_as_former_member(
    client, alex, fran, django_capture_on_commit_callbacks
):
    photo = give_photo(alex).photo.name
    services.contact_add(owner=alex, contact=fran)
    services.contact_add(owner=fran, contact=alex)
    services.block(blocker=alex, blocked=person("Someone Else"))
    convo = conversation(alex, fran, body="My last message")
    old_email, old_username = alex.email, alex.username

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profiles:delete"), {"password": PASSWORD}, follow=True)
    assert "Your account has been deleted." in response.content.decode()
    assert not response.context["user"].is_authenticated

    alex = User.objects.get(pk=alex.pk)
    assert alex.name == "Former member" and alex.display_name == "Former member"
    assert not alex.is_active and not alex.has_usable_password()
    assert old_email not in alex.email and alex.email.endswith("@deleted.invalid")
    assert alex.username != old_username
    assert not EmailAddress.objects.filter(user=alex).exists()

    profile = Profile.objects.get(user=alex)
    assert (profile.organisation, profile.phone, profile.bio, profile.photo.name) == (
        "",
        "",
        "",
        "",
    )
    assert not profile.expertise_items.exists() and not profile.interest_items.exists()
    assert profile.hidden_from_finder
    assert not default_storage.exists(photo)
    assert not Contact.objects.exists() and not Block.objects.exists()

    # Fran still has the conversation, from "Former member".
    assert Message.objects.get(conversation=convo).body == "My last message"
    assert not Participant.objects.filter(user=alex).exists()
    client.force_login(fran)
    page = client.get(convo.get_absolute_url()).content.decode()
    assert "My last message" in page and "Former member" in page
    assert client.get(reverse("profiles:detail", args=[alex.username])).status_code == 404

    # And nobody can sign in as Alex any more.
    client.logout()
    response = client.post(reverse("account_login"), {"login": old_email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_on_request_my_private_messages_are_deleted_too(client, alex, fran):
    convo = conversation(alex, fran, body="Please forget this")
    services.message_send(sender=fran, conversation=convo, body="Fran's own words")
    lonely = conversation(alex, person("Only Alex Wrote"), body="Nobody replied")
    client.post(reverse("profiles:delete"), {"password": PASSWORD, "delete_sent_messages": "on"})
    assert list(Message.objects.values_list("body", flat=True)) == ["Fran's own words"]
    convo.refresh_from_db()
    assert convo.message_count == 1
    assert not Conversation.objects.filter(pk=lonely.pk).exists()


def test_a_wrong_password_deletes_nothing(client, alex):
    client.post(reverse("profiles:delete"), {"password": "not it"})
    alex.refresh_from_db()
    assert alex.is_active and alex.name == "Alex Member"


def test_the_download_leaves_out_control_characters_already_stored(client, alex, fran):
    convo = conversation(alex, fran, subject="Panels", body="Could you share it?")
    Profile.objects.filter(user=alex).update(organisation="Somerset\x01 Council", bio="Hi\x1b\r")
    Conversation.objects.filter(pk=convo.pk).update(subject="Pan\x7fels")
    Message.objects.filter(conversation=convo).update(body="Could\x08 you\r\nshare it?")
    files = download(client)
    assert files["profile.json"]["organisation"] == "Somerset Council"
    assert files["profile.json"]["about_me"] == "Hi"
    [thread] = files["messages.json"]
    assert thread["subject"] == "Panels"
    assert thread["messages"][0]["body"] == "Could you\r\nshare it?"
