"""`among` picks the rows a subquery names, read first, whatever the database."""

import pytest
from django.db import connection

from communities.models import Community
from core.queries import among
from tests.communities.factories import CommunityFactory

pytestmark = pytest.mark.django_db


def test_among_gives_the_rows_the_subquery_selects():
    made = [CommunityFactory(name=f"Group {n}") for n in range(5)]
    newest_two = Community.objects.order_by("-pk").values("pk")[:2]
    picked = Community.objects.filter(among("pk", newest_two)).order_by("pk")
    assert list(picked) == made[-2:]
    sql, _ = picked.query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql
