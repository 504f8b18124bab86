import pytest

from tests.communities.factories import CommunityFactory, member_of
from tests.news.feed_server import FeedServer


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def allow_feed_server(settings, feed_server):
    """Let fetches reach the local test server: its exact address, nothing else."""
    settings.NEWS_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    return feed_server


@pytest.fixture
def community(db):
    return CommunityFactory(name="CoP Facilitators CoP")


@pytest.fixture
def facilitator(community):
    return member_of(community, facilitator=True)


@pytest.fixture
def reader(community):
    return member_of(community)
