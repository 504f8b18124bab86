"""The demo data tells a few stories, one of them shareable, so the sponsor report has one."""

import pytest
from django.core.management import call_command
from django.test import TestCase

from core.quiet import quiet
from value.models import Sharing, Story

pytestmark = pytest.mark.django_db


def test_the_demo_has_stories_with_savings_and_one_shareable():
    with quiet(), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", stdout=open("/dev/null", "w"))
    stories = Story.objects.all()
    assert stories.count() == 4
    assert {s.saved_unit for s in stories} == {"hours", "days", "pounds"}
    [shared] = stories.filter(sharing=Sharing.SHAREABLE)
    assert "five-working-day rule" in shared.helped_with and shared.community.slug
