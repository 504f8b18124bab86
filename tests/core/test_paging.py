"""core.paging.CappedPaginator: a count that stops at the cap, on either side of it."""

import pytest

from core.paging import CappedPaginator
from tests.accounts.factories import UserFactory


class PastTheCap(CappedPaginator):
    count_past_cap = True


@pytest.fixture
def five_users(db):
    from accounts.models import User

    for _ in range(5):
        UserFactory()
    return User.objects.order_by("pk")


def test_counts_no_further_than_one_past_the_cap(five_users, django_assert_num_queries):
    paginator = CappedPaginator(five_users, 2, cap=3)
    with django_assert_num_queries(1):
        assert paginator.counted == 4
    assert paginator.is_capped and paginator.capped
    assert paginator.count == 3 and paginator.num_pages == 2


def test_below_the_cap_the_count_is_exact(five_users):
    paginator = CappedPaginator(five_users, 2, cap=10)
    assert not paginator.is_capped and paginator.count == 5 and paginator.num_pages == 3


def test_past_the_cap_the_count_is_what_was_counted(five_users):
    paginator = PastTheCap(five_users, 2, cap=3)
    assert paginator.capped and paginator.count == 4 and paginator.num_pages == 2


def test_a_known_count_or_a_separate_count_query(five_users, django_assert_num_queries):
    shown = list(five_users[:2])
    with django_assert_num_queries(0):
        assert PastTheCap(shown, 2, count=7, cap=6).count == 7
    paginator = CappedPaginator(shown, 2, count_query=five_users, cap=100)
    assert paginator.count == 5
    assert CappedPaginator([], 20, count=0).get_page(1).object_list == []
