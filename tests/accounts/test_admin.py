"""Site admins close people's accounts from the admin; they never delete them (a deleted user
row would take posts, ratings, votes and sign-ups with it and leave counts wrong)."""

from django.urls import reverse

from profiles.services import FORMER_MEMBER_NAME
from tests.accounts.factories import AdminFactory, UserFactory


def test_the_admin_offers_no_delete_for_people(client, db):
    admin, someone = AdminFactory(), UserFactory(name="Sam Spammer")
    client.force_login(admin)
    page = client.get(reverse("admin:accounts_user_change", args=[someone.pk])).text
    assert reverse("admin:accounts_user_delete", args=[someone.pk]) not in page
    response = client.post(
        reverse("admin:accounts_user_delete", args=[someone.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    someone.refresh_from_db()
    assert someone.name == "Sam Spammer"
    listing = client.get(reverse("admin:accounts_user_changelist")).text
    assert "delete_selected" not in listing and "close_accounts" in listing


def test_closing_accounts_from_the_admin_keeps_the_rows_as_former_members(client, db):
    admin, sam, kim = AdminFactory(), UserFactory(name="Sam Spammer"), UserFactory()
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "close_accounts", "_selected_action": [sam.pk, admin.pk]},
        follow=True,
    )
    assert "1 account(s) closed." in response.text
    assert "Close your own account from your profile." in response.text
    sam.refresh_from_db()
    admin.refresh_from_db()
    kim.refresh_from_db()
    assert (sam.name, sam.is_active) == (FORMER_MEMBER_NAME, False)
    assert admin.is_active and kim.is_active
