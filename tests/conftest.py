"""Shared fixtures. Each app's own fixtures live in tests/<app>/conftest.py."""

import pytest

from tests.accounts.factories import AdminFactory, UserFactory

pytest_plugins = ["tests.permissions.canary", "tests.fixtures.services"]


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def site_admin(db):
    return AdminFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
