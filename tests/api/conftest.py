import json

import pytest

from tests.accounts.factories import UserFactory
from tests.api.factories import bearer, token
from tests.communities.factories import CommunityFactory, MembershipFactory


class Api:
    """A client speaking JSON with a bearer token."""

    def __init__(self, client, secret):
        self.client = client
        self.headers = bearer(secret)

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def post(self, path, body=None, **extra):
        data = json.dumps(body) if body is not None else ""
        return self.client.post(
            path, data, content_type="application/json", **{**self.headers, **extra}
        )


@pytest.fixture
def community(db):
    return CommunityFactory(name="Social Media and Online Collaboration")


@pytest.fixture
def alice(community):
    user = UserFactory(name="Alice Adams")
    MembershipFactory(user=user, community=community)
    return user


@pytest.fixture
def api(client, alice):
    return Api(client, token(alice)[1])


@pytest.fixture
def make_api(client):
    def make(user, scope="write"):
        return Api(client, token(user, scope=scope)[1])

    return make
