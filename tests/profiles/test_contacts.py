"""Contacts (members mark each other as contacts) and blocking."""

import pytest
from django.urls import reverse

from profiles import services
from profiles.models import Block, Contact, Visibility
from tests.profiles.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client):
    user = person("Mina Member")
    client.force_login(user)
    return user


@pytest.fixture
def priya():
    return person("Priya Shah", phone="0121 303 0000", phone_visibility=Visibility.CONTACTS)


def profile_page(client, user):
    return client.get(reverse("profiles:detail", args=[user.username])).content.decode()


def test_i_add_someone_as_a_contact_from_their_profile_and_see_them_in_my_contacts(
    client, me, priya
):
    assert "Add Priya Shah as a contact" in profile_page(client, priya)
    response = client.post(
        reverse("profiles:contact_add", args=[priya.username]),
        {"next": reverse("profiles:detail", args=[priya.username])},
        follow=True,
    )
    page = response.content.decode()
    assert "Priya Shah is now one of your contacts." in page
    assert "Remove from contacts" in page
    contacts = client.get(reverse("profiles:contacts"))
    assert [p.user for p in contacts.context["profiles"]] == [priya]


def test_adding_twice_keeps_one_contact(client, me, priya):
    url = reverse("profiles:contact_add", args=[priya.username])
    client.post(url)
    client.post(url)
    assert Contact.objects.filter(owner=me, contact=priya).count() == 1


def test_i_remove_a_contact(client, me, priya):
    services.contact_add(owner=me, contact=priya)
    response = client.post(reverse("profiles:contact_remove", args=[priya.username]), follow=True)
    assert "Priya Shah is no longer one of your contacts." in response.content.decode()
    assert not Contact.objects.filter(owner=me, contact=priya).exists()
    assert "You have no contacts yet" in client.get(reverse("profiles:contacts")).content.decode()


def test_contact_changes_are_post_only(client, me, priya):
    assert client.get(reverse("profiles:contact_add", args=[priya.username])).status_code == 405
    assert not Contact.objects.exists()


def test_adding_someone_as_a_contact_does_not_show_me_their_contacts_only_details(
    client, me, priya
):
    """Contacts are one-way: what Priya shares with "My contacts" needs Priya to add ME."""
    services.contact_add(owner=me, contact=priya)
    assert "0121 303 0000" not in profile_page(client, priya)
    services.contact_add(owner=priya, contact=me)
    assert "0121 303 0000" in profile_page(client, priya)


def test_my_contacts_show_the_details_each_contact_shares_with_me(client, me, priya):
    services.contact_add(owner=me, contact=priya)
    assert "0121 303 0000" not in client.get(reverse("profiles:contacts")).content.decode()
    services.contact_add(owner=priya, contact=me)
    assert "0121 303 0000" in client.get(reverse("profiles:contacts")).content.decode()


def test_i_cannot_add_myself(client, me):
    response = client.post(reverse("profiles:contact_add", args=[me.username]), follow=True)
    assert "You cannot add yourself as a contact." in response.content.decode()
    assert not Contact.objects.exists()


def test_a_closed_account_leaves_my_contacts(client, me, priya):
    services.contact_add(owner=me, contact=priya)
    services.account_delete(user=priya)
    assert client.get(reverse("profiles:contacts")).context["profiles"] == []


# --- blocking --------------------------------------------------------------------------------


def test_blocking_someone_ends_contact_both_ways_and_is_listed_for_unblocking(client, me, priya):
    services.contact_add(owner=me, contact=priya)
    services.contact_add(owner=priya, contact=me)
    response = client.post(reverse("profiles:block", args=[priya.username]), follow=True)
    assert "You have blocked Priya Shah." in response.content.decode()
    assert Block.objects.filter(blocker=me, blocked=priya).exists()
    assert not Contact.objects.exists()
    blocked_page = client.get(reverse("profiles:blocked")).content.decode()
    assert "Priya Shah" in blocked_page
    client.post(reverse("profiles:unblock", args=[priya.username]))
    assert not Block.objects.exists()


def test_the_person_i_blocked_can_no_longer_see_my_profile_but_i_can_see_theirs(client, me, priya):
    services.block(blocker=me, blocked=priya)
    page = profile_page(client, priya)
    assert "You have blocked Priya Shah" in page
    assert "Unblock Priya Shah" in page
    client.force_login(priya)
    assert client.get(reverse("profiles:detail", args=[me.username])).status_code == 404
    # ...nor add me as a contact.
    response = client.post(reverse("profiles:contact_add", args=[me.username]))
    assert response.status_code == 404
    assert not Contact.objects.exists()


def test_blocked_people_cannot_be_added_as_contacts(me, priya):
    services.block(blocker=me, blocked=priya)
    with pytest.raises(services.ActionNotAllowed):
        services.contact_add(owner=me, contact=priya)
