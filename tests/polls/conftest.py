import pytest

from tests.communities.factories import CommunityFactory, member_of


@pytest.fixture
def community(db):
    return CommunityFactory(name="CoP Facilitators CoP")


@pytest.fixture
def facilitator(community):
    return member_of(community, facilitator=True)


@pytest.fixture
def voter(community):
    return member_of(community)
