import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def public(db):
    return CommunityFactory(name="Social Media and Online Collaboration")


@pytest.fixture
def private(db):
    return CommunityFactory(name="Adoption Policy CoP", private=True)


@pytest.fixture
def priya(public, private):
    """A member of both communities."""
    user = UserFactory(name="Priya Shah")
    member_of(public, user)
    member_of(private, user, facilitator=True)
    return user


@pytest.fixture
def owen(public):
    """A member of the public community only."""
    return member_of(public, UserFactory(name="Owen Jones"))
