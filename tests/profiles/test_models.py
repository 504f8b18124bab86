import importlib

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import IntegrityError, connection
from taggit.models import Tag

from accounts.models import User
from profiles import services
from profiles.models import (
    Block,
    Contact,
    Conversation,
    ExpertiseTag,
    InterestTag,
    Message,
    Profile,
    ServiceArea,
)
from tests.accounts.factories import UserFactory
from tests.profiles.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_every_new_user_has_a_profile_straight_away():
    user = UserFactory()
    assert Profile.objects.filter(user=user).exists()


def test_a_user_made_without_signals_gets_a_profile_on_first_use():
    User.objects.bulk_create(
        [
            User(username="bulk", email="bulk@example.org", name="Bulk Person"),
            User(username="unverified", email="unverified@example.org", name="Bulk Unverified"),
        ]
    )
    user = User.objects.get(username="bulk")
    EmailAddress.objects.bulk_create([EmailAddress(user=user, email=user.email, verified=True)])
    assert not Profile.objects.filter(user=user).exists()
    profile = services.profile_for(user)
    assert profile.user == user
    assert (profile.name, profile.active) == ("Bulk Person", True)  # the finder's copies
    assert Profile.objects.filter(user=user).count() == 1
    # `active` copies User.objects.findable(): no verified address, not findable.
    unverified = services.profile_for(User.objects.get(username="unverified"))
    assert (unverified.name, unverified.active) == ("Bulk Unverified", False)


def test_migration_0005_hides_the_profiles_of_accounts_never_verified():
    """Before 0005 `Profile.active` copied User.is_active alone; 0005 recomputes it."""
    migration = importlib.import_module("profiles.migrations.0005_findable_accounts")
    verified, never_verified = UserFactory(), UserFactory(verified=False)
    suspended = UserFactory(is_active=False)
    Profile.objects.filter(user__is_active=True).update(active=True)  # the copy before 0005

    class SchemaEditor:
        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.copy_findable(None, SchemaEditor())
    active = dict(Profile.objects.values_list("user_id", "active"))
    assert active == {verified.pk: True, never_verified.pk: False, suspended.pk: False}


def test_signing_in_does_not_rewrite_the_profile():
    user = UserFactory(name="Lena Login")
    before = Profile.objects.get(user=user).updated
    from django.contrib.auth.models import update_last_login

    update_last_login(None, user)  # saves with update_fields=["last_login"]
    assert Profile.objects.get(user=user).updated == before


def test_expertise_and_interests_are_separate_tag_sets_sharing_tag_names():
    profile = ProfileFactory(expertise=["procurement"], interests=["adoption policy"])
    other = ProfileFactory(expertise=["adoption policy"], interests=["procurement"])

    assert list(profile.expertise.names()) == ["procurement"]
    assert list(profile.interests.names()) == ["adoption policy"]
    assert set(Profile.objects.filter(expertise__name="procurement")) == {profile}
    assert set(Profile.objects.filter(interests__name="procurement")) == {other}
    # One Tag row per name, used by both sets (and later by the content folksonomy).
    assert Tag.objects.filter(name__iexact="procurement").count() == 1


def test_tags_keep_the_order_the_person_gave_and_reuse_names_whatever_their_case():
    ProfileFactory(expertise=["NHS commissioning"])
    profile = ProfileFactory(expertise=["social value", "nhs commissioning", "procurement"])
    assert [i.tag.name for i in profile.expertise_items.all()] == [
        "social value",
        "NHS commissioning",
        "procurement",
    ]
    assert Tag.objects.filter(name__iexact="nhs commissioning").count() == 1


def test_service_areas_come_from_a_managed_list_seeded_by_the_migration():
    names = set(ServiceArea.objects.values_list("name", flat=True))
    assert {"Planning", "Procurement", "Education", "Social care", "Health"} <= names


def test_nobody_can_be_their_own_contact_or_block_themselves():
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Contact.objects.create(owner=user, contact=user)


def test_a_block_is_recorded_once_per_pair():
    a, b = UserFactory(), UserFactory()
    Block.objects.create(blocker=a, blocked=b)
    with pytest.raises(IntegrityError):
        Block.objects.create(blocker=a, blocked=b)


def test_the_demo_data_gives_every_demo_person_a_profile_and_can_be_loaded_twice():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    priya = User.objects.get(email="priya@example.org")
    assert priya.profile.organisation == "Birmingham City Council"
    assert "knowledge management" in priya.profile.expertise.names()
    assert (
        Profile.objects.filter(user__email__endswith="@example.org")
        .exclude(organisation="")
        .count()
        == 10
    )
    alex = User.objects.get(email="alex@example.org")
    assert Contact.objects.filter(owner=alex).count() == 2
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 3
    assert ExpertiseTag.objects.filter(content_object=priya.profile).count() == 3
    assert InterestTag.objects.filter(content_object=priya.profile).count() == 2
