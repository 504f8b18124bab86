"""Fixtures shared by the conversation apps' tests (imported by their conftest.py files)."""

import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    """Attachments written by tests go to a throwaway folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def community(db):
    """A public community ("Social Media and Online Collaboration") with a facilitator."""
    return CommunityFactory(name="Social Media and Online Collaboration")


@pytest.fixture
def private_community(db):
    return CommunityFactory(name="Adoption Policy CoP", private=True)


def join(user, community, *, facilitator=False):
    MembershipFactory(user=user, community=community, facilitator=facilitator)
    return user


@pytest.fixture
def facilitator(community):
    return join(UserFactory(name="Grace Facilitator"), community, facilitator=True)


@pytest.fixture
def alice(community):
    return join(UserFactory(name="Alice Adams", username="alice"), community)


@pytest.fixture
def bob(community):
    return join(UserFactory(name="Bob Brown", username="bob"), community)


@pytest.fixture
def outsider(db):
    return UserFactory(name="Olive Outsider", username="olive")
