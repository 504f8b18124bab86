"""url_maker gives exactly the URL reverse() would, for any value, from one reverse()."""

import pytest
from django.urls import reverse

from core.links import url_maker


@pytest.mark.parametrize("username", ["priya", "o'brien", "a b", "ünï", "ann-marie_2", "50%"])
def test_a_made_url_is_the_reversed_url(username):
    made = url_maker("profiles:detail", "username")
    assert made(username) == reverse("profiles:detail", kwargs={"username": username})


def test_an_integer_argument_with_other_arguments_fixed():
    made = url_maker("forums:post", slug="housing")
    assert made(42) == reverse("forums:post", kwargs={"slug": "housing", "pk": 42})
