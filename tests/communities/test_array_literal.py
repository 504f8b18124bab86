"""The visible communities travel to PostgreSQL as one array literal, written once per set."""

from django.db.models import F

from communities.querysets import IsAnyOf, array_literal


def test_the_literal_lists_every_id_in_order():
    assert array_literal(frozenset({12, 3, 7})) == "{3,7,12}"
    assert array_literal(frozenset()) == "{}"


def test_the_same_set_is_written_once():
    ids = frozenset(range(1, 1400))
    first = array_literal(ids)
    assert array_literal(frozenset(range(1, 1400))) is first


def test_lists_and_sets_give_the_same_parameter():
    assert IsAnyOf(F("community_id"), [5, 1, 5]).values == "{1,5}"
    assert IsAnyOf(F("community_id"), frozenset({1, 5})).values == "{1,5}"
