"""Which accounts other members may see at all: `User.objects.findable()`."""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_findable_members_are_active_and_have_verified_an_email_address():
    verified = UserFactory(name="Vera Verified")
    never_verified = UserFactory(name="Nell Neververified", verified=False)
    EmailAddress.objects.create(user=never_verified, email=never_verified.email, verified=False)
    no_address_at_all = UserFactory(name="Cass Createsuperuser", verified=False)
    suspended = UserFactory(name="Sid Suspended", is_active=False)
    two_addresses = UserFactory(name="Tess Twoaddresses")
    EmailAddress.objects.create(user=two_addresses, email="other@example.org", verified=True)

    findable = list(User.objects.findable().order_by("name"))

    assert findable == [two_addresses, verified]  # once each, however many addresses
    assert never_verified not in findable and no_address_at_all not in findable
    assert suspended not in findable


def test_findable_is_one_query_and_chains_with_other_filters(django_assert_num_queries):
    UserFactory(name="Alpha Member")
    UserFactory(name="Beta Member", verified=False)
    with django_assert_num_queries(1):
        names = list(User.objects.findable().filter(name__endswith="Member").values_list("name"))
    assert names == [("Alpha Member",)]
