import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.wikis.factories import page as make_page


@pytest.fixture
def community(db):
    return CommunityFactory(name="Social Media and Online Collaboration")


@pytest.fixture
def dave(community):
    return member_of(community, UserFactory(name="Dave Briggs"))


@pytest.fixture
def steve(community):
    return member_of(community, UserFactory(name="Steve Dale"))


@pytest.fixture
def grace(community):
    return member_of(community, UserFactory(name="Grace Hopkins"), facilitator=True)


@pytest.fixture
def agenda(community, dave):
    """A page by Dave: "Social Media Big Day Out", revision 1."""
    return make_page(
        community,
        dave,
        body="<h2>Draft Agenda</h2><p>10am: Welcome and Introductions - Steve Dale</p>"
        "<p>10.30am: The benefits of using social media in local gov</p>",
        reason="First draft of the agenda",
    )
