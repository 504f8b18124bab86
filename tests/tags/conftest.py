import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import member_of
from tests.richtext.fixtures import *  # noqa: F401,F403
from tests.wikis.factories import page


@pytest.fixture
def author(community):
    return member_of(community, UserFactory(name="Dave Briggs"))


@pytest.fixture
def reader(community):
    """A member who did not write the page."""
    return member_of(community, UserFactory(name="Julie Harris"))


@pytest.fixture
def facilitator(community):
    return member_of(community, UserFactory(name="Steve Dale"), facilitator=True)


@pytest.fixture
def guide(community, author):
    return page(community, author, title="Site guide: wikis", body="<p>How to use wikis.</p>")
