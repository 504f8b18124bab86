"""The library's community (tests.richtext.fixtures), with two members (dave, neel) for the
stories; uploads go to a temporary folder."""

import pytest

from tests.accounts.factories import UserFactory
from tests.communities.factories import member_of
from tests.richtext.fixtures import *  # noqa: F401,F403


@pytest.fixture
def dave(community):
    return member_of(community, UserFactory(name="Dave Briggs"))


@pytest.fixture
def neel(community):
    return member_of(community, UserFactory(name="Neel Hatch"))
