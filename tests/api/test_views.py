"""The access tokens page: a token is shown once, listed without its secret, and revoked."""

import pytest
from django.urls import reverse

from api.models import AccessToken
from tests.accounts.factories import UserFactory
from tests.api.factories import token

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_then_only_by_its_prefix(member_client, member):
    response = member_client.post(
        reverse("api:tokens"), {"name": "Weekly report", "scope": "write", "days": "90"}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("cop_") and secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    made = AccessToken.objects.get(user=member)
    assert (made.name, made.scope) == ("Weekly report", "write")
    assert 89 <= (made.expires_at - made.created).days <= 90
    again = member_client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and made.prefix in again and "Weekly report" in again


def test_bad_input_is_explained_and_the_name_kept(member_client, member):
    response = member_client.post(
        reverse("api:tokens"), {"name": "My script", "scope": "admin", "days": "7"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="My script"' in html and "There is a problem" in html
    assert not AccessToken.objects.filter(user=member).exists()


def test_a_member_revokes_their_own_token_but_not_anyone_elses(member_client, member):
    mine, _ = token(member, name="Mine")
    theirs, _ = token(UserFactory(), name="Theirs")
    response = member_client.post(reverse("api:token_revoke", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.is_revoked
    refused = member_client.post(reverse("api:token_revoke", args=[theirs.pk]))
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_revoked


def test_the_profile_links_to_the_tokens_page(member_client):
    html = member_client.get(reverse("profiles:me")).content.decode()
    assert reverse("api:tokens") in html


def test_site_admins_can_revoke_a_token_in_the_admin(client, site_admin, member):
    made, secret = token(member)
    client.force_login(site_admin)
    listing = client.get(reverse("admin:api_accesstoken_changelist"))
    assert listing.status_code == 200 and made.prefix in listing.content.decode()
    assert secret not in listing.content.decode()
    client.post(
        reverse("admin:api_accesstoken_changelist"),
        {"action": "revoke", "_selected_action": [made.pk]},
    )
    made.refresh_from_db()
    assert made.is_revoked
