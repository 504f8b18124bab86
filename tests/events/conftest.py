import pytest

from tests.communities.factories import CommunityFactory, member_of


@pytest.fixture
def community(db):
    return CommunityFactory(name="Knowledge Management")


@pytest.fixture
def facilitator(community):
    return member_of(community, facilitator=True)


@pytest.fixture
def organiser(community):
    """A member of the community who adds events."""
    return member_of(community)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client
