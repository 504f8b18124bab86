"""The story service checks what the form checks, for callers without a form."""

from decimal import Decimal

import pytest

from core.errors import Invalid
from tests.forums.factories import reply, topic
from value.services import check_saving, story_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        ("-1", "hours", "above 0"),
        ("0", "days", "above 0"),
        ("NaN", "days", "as a number"),
        ("Infinity", "pounds", "as a number"),
        ("10000.1", "hours", "at most 10,000"),
        ("1.25", "hours", "one decimal place"),
        ("three", "hours", "as a number"),
        ("3", "weeks", "hours, days or pounds"),
        ("3", "", "hours, days or pounds"),
        ("", "days", "how much"),
    ],
)
def test_bad_savings_are_refused_in_words(amount, unit, message):
    with pytest.raises(Invalid, match=message):
        check_saving(amount, unit)


def test_a_saving_is_both_parts_or_neither():
    assert check_saving("", "") == (None, "")
    assert check_saving(None, "") == (None, "")
    assert check_saving("10000", "pounds") == (Decimal("10000"), "pounds")
    assert check_saving(Decimal("1.5"), "days") == (Decimal("1.5"), "days")


def test_a_story_too_long_is_refused_by_the_service(community, alice, bob):
    answer = reply(topic(community, alice), bob)
    with pytest.raises(Invalid, match="1,000 characters"):
        story_save(user=alice, item=answer, helped_with="x" * 1001)
