"""Field-level privacy: every contact field × every "who can see this" setting × every role.

Roles: the owner themselves, a contact (someone the OWNER marked as a contact), another
member, a member the owner blocked, a site admin, a visitor who is not signed in, and a
suspended account. The expected audience is written out here from the settings' meaning, not
computed by the code under test.
"""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from profiles import services
from profiles.models import Visibility
from profiles.rules import CONTACT_FIELDS, visible_fields
from tests.accounts.factories import AdminFactory, UserFactory
from tests.fixtures.worlds import fresh, module_world
from tests.profiles.factories import ProfileFactory, give_photo

pytestmark = pytest.mark.django_db

MEMBERS, CONTACTS, ONLY_ME = Visibility.MEMBERS, Visibility.CONTACTS, Visibility.ONLY_ME
ROLES = (
    "self",
    "contact",
    "other member",
    "blocked member",
    "site admin",
    "anonymous",
    "suspended",
)

# Which settings each role may see. Site admins get no extra sight of personal details.
SEES = {
    "self": {MEMBERS, CONTACTS, ONLY_ME},
    "contact": {MEMBERS, CONTACTS},
    "other member": {MEMBERS},
    "site admin": {MEMBERS},
    "blocked member": set(),
    "anonymous": set(),
    "suspended": set(),
}
PROFILE_STATUS = {
    "self": 200,
    "contact": 200,
    "other member": 200,
    "site admin": 200,
    "blocked member": 404,
    "anonymous": 302,
    "suspended": 302,
}


class Cast:
    """The owner of a profile and one person in each role."""

    def __init__(self):
        token = uuid.uuid4().hex[:10]
        self.values = {
            "email": f"olive.{token}@example.org",
            "phone": f"0113 {token}",
            "website": f"https://example.org/{token}-site",
            "social_links": f"https://social.example/@{token}",
        }
        self.owner = UserFactory(name="Olive Owner", email=self.values["email"])
        self.profile = ProfileFactory(
            user=self.owner,
            phone=self.values["phone"],
            website=self.values["website"],
            social_links=self.values["social_links"],
        )
        self.people = {
            "self": self.owner,
            "contact": UserFactory(name="Connie Contact"),
            "other member": UserFactory(name="Oscar Other"),
            "blocked member": UserFactory(name="Bella Blocked"),
            "site admin": AdminFactory(name="Ada Admin"),
            "anonymous": None,
            "suspended": UserFactory(name="Sid Suspended", is_active=False),
        }
        services.contact_add(owner=self.owner, contact=self.people["contact"])
        services.block(blocker=self.owner, blocked=self.people["blocked member"])

    def only(self, field, visibility):
        """Give `field` this setting and hide every other field, so each case is isolated."""
        for name in CONTACT_FIELDS:
            setattr(self.profile, f"{name}_visibility", visibility if name == field else ONLY_ME)
        self.profile.save()


# Built once for the module; each test gets its own copy and rolls back what it writes.
_cast = module_world(Cast)


@pytest.fixture
def cast(_cast, db):
    return fresh(_cast)


def viewer(cast, role):
    return cast.people[role] or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [MEMBERS, CONTACTS, ONLY_ME])
@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_visible_fields_decides_each_field_for_each_role(cast, field, visibility, role):
    cast.only(field, visibility)
    shown = {detail.name for detail in visible_fields(viewer(cast, role), cast.profile)}
    expected = {field} if visibility in SEES[role] else set()
    if role == "self":
        expected = set(CONTACT_FIELDS)  # the owner sees all their own details
    assert shown == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [MEMBERS, CONTACTS, ONLY_ME])
@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_the_profile_page_shows_a_detail_only_to_those_allowed(
    cast, client, field, visibility, role
):
    cast.only(field, visibility)
    if cast.people[role] is not None:
        client.force_login(cast.people[role])
    response = client.get(reverse("profiles:detail", args=[cast.owner.username]))
    assert response.status_code == PROFILE_STATUS[role]
    shown = cast.values[field] in response.content.decode()
    assert shown == (visibility in SEES[role])


@pytest.mark.parametrize("role", ["self", "contact", "other member", "site admin"])
@pytest.mark.parametrize("visibility", [MEMBERS, CONTACTS, ONLY_ME])
@pytest.mark.parametrize("field", CONTACT_FIELDS)
def test_people_finder_results_follow_the_same_rule(cast, client, field, visibility, role):
    cast.only(field, visibility)
    client.force_login(cast.people[role])
    response = client.get(reverse("profiles:finder"), {"name": "Olive Owner"})
    page = response.content.decode()
    assert "Olive Owner" in page
    assert (cast.values[field] in page) == (visibility in SEES[role])


def test_a_blocked_member_cannot_find_the_person_who_blocked_them(cast, client):
    cast.only("phone", MEMBERS)
    client.force_login(cast.people["blocked member"])
    page = client.get(reverse("profiles:finder"), {"name": "Olive"}).content.decode()
    assert "Olive Owner" not in page
    assert cast.values["phone"] not in page


def test_being_someone_elses_contact_is_not_enough_the_owner_must_add_you(cast, client):
    """Contacts are one-way: I see your "My contacts" details only if YOU added me."""
    cast.only("phone", CONTACTS)
    follower = cast.people["other member"]
    services.contact_add(owner=follower, contact=cast.owner)
    client.force_login(follower)
    page = client.get(reverse("profiles:detail", args=[cast.owner.username])).content.decode()
    assert cast.values["phone"] not in page


def test_removing_a_contact_takes_away_their_view_of_contacts_only_details(cast, client):
    cast.only("phone", CONTACTS)
    contact = cast.people["contact"]
    client.force_login(contact)
    url = reverse("profiles:detail", args=[cast.owner.username])
    assert cast.values["phone"] in client.get(url).content.decode()
    services.contact_remove(owner=cast.owner, contact=contact)
    assert cast.values["phone"] not in client.get(url).content.decode()


def test_a_photo_is_served_only_to_those_who_may_see_the_profile(cast, client):
    profile = give_photo(cast.owner)
    url = reverse("profiles:photo", args=[cast.owner.username])
    for role in ROLES:
        client.logout()
        if cast.people[role] is not None:
            client.force_login(cast.people[role])
        response = client.get(url, {"v": profile.photo_token})
        assert response.status_code == PROFILE_STATUS[role], role


def test_hiding_from_the_finder_hides_you_from_everyone_even_admins(cast, client):
    cast.profile.hidden_from_finder = True
    cast.profile.save()
    for role in ("contact", "other member", "site admin", "self"):
        client.force_login(cast.people[role])
        page = client.get(reverse("profiles:finder"), {"name": "Olive"}).content.decode()
        assert "Olive Owner" not in page, role
    # ...but the profile itself is still there for anyone following a link to it.
    client.force_login(cast.people["other member"])
    assert client.get(reverse("profiles:detail", args=[cast.owner.username])).status_code == 200


def test_only_me_details_never_leak_anywhere_a_member_can_go(cast, client, canaries):
    """A canary in an "only me" phone number, and a tour of every page a member can open."""
    token = canaries.plant(
        visible_to=lambda user: user.is_authenticated and user.pk == cast.owner.pk,
        description="an only-me phone number",
    )
    cast.profile.phone = f"0113 {token}"
    cast.profile.phone_visibility = ONLY_ME
    cast.profile.save()
    me = cast.people["contact"]
    services.contact_add(owner=me, contact=cast.owner)
    ProfileFactory(user=me, expertise=["x"], interests=[])
    cast.profile.expertise.add("x")
    client.force_login(me)
    for url in [
        reverse("profiles:finder"),
        reverse("profiles:finder") + "?name=Olive",
        reverse("profiles:detail", args=[cast.owner.username]),
        reverse("profiles:like_me"),
        reverse("profiles:contacts"),
        reverse("profiles:me"),
    ]:
        assert client.get(url).status_code == 200
    response = client.post(reverse("profiles:data_download"))
    assert token.encode() not in response.content
    # The owner sees it (and so the canary harness knows the token was really rendered).
    client.force_login(cast.owner)
    assert token in client.get(reverse("profiles:me")).content.decode()


def test_a_suspended_member_disappears_from_the_finder_and_their_profile_is_gone(client):
    suspended = UserFactory(name="Sid Suspended")
    ProfileFactory(user=suspended)
    suspended.is_active = False
    suspended.save()
    client.force_login(UserFactory())
    assert "Sid Suspended" not in client.get(reverse("profiles:finder")).content.decode()
    assert client.get(reverse("profiles:detail", args=[suspended.username])).status_code == 404
