"""The demo data shows toolkit ticks and the Daventry group's lessons learned."""

import io

import pytest
from django.core.management import call_command

from communities.models import Community
from lifecycle import selectors
from lifecycle.models import Closedown

pytestmark = pytest.mark.django_db


def test_the_demo_has_toolkit_ticks_and_lessons_learned_and_loads_twice():
    for _ in range(2):
        call_command("seed_demo", stdout=io.StringIO())
    facilitators = Community.objects.get(name="CoP Facilitators CoP")
    assert selectors.progress_for(facilitators).done == 2
    daventry = Community.objects.get(name="Daventry Benchmarking Group")
    assert selectors.progress_for(daventry).done == 2
    assert Closedown.objects.get(community=daventry).has_lessons
