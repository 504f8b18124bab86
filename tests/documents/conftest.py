import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def community(db):
    """The library's community, with two members (dave, neel) for the stories."""
    return CommunityFactory(name="Social Media and Online Collaboration")


@pytest.fixture
def dave(community):
    return member_of(community, UserFactory(name="Dave Briggs"))


@pytest.fixture
def neel(community):
    return member_of(community, UserFactory(name="Neel Hatch"))
