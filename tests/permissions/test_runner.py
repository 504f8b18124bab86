"""The matrix runner: every role meets the world as it was built, whatever the roles before it
did, and every wrong status is reported with the role, the URL and where it redirected."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from communities.models import Membership
from tests.communities import worlds  # noqa: F401  (registers the scenarios)
from tests.forums import worlds as forum_worlds  # noqa: F401
from tests.permissions.matrix import ROLES, Row, all_rows, expect, signed_in, slug
from tests.permissions.runner import run_row
from tests.permissions.world import build_world


def row_counts():
    """Every model's rows (what its base manager counts: its whole table), in one query."""
    models = apps.get_models()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(
                f"SELECT %s, COUNT(*) FROM {quote(model._meta.db_table)}" for model in models
            ),
            [model._meta.label for model in models],
        )
        return dict(cursor.fetchall())


def test_a_role_that_joins_is_no_member_for_the_next_role(db, canaries, client):
    world = build_world("public", canaries)
    members_seen = []

    def data(w):
        members_seen.append(Membership.objects.filter(community=w.community).count())
        return {}

    row = Row("communities:join", signed_in(302), "public", "POST", slug, data)
    assert all(outcome.ok for outcome in run_row(row, world, canaries))
    # The facilitator and member belong from the start; nobody who joined stays on.
    assert members_seen == [2] * len(ROLES)
    # Outside the runner, the same POST does make a member.
    client.force_login(world.users["outsider"])
    client.post(reverse("communities:join", kwargs=slug(world)))
    assert Membership.objects.filter(community=world.community).count() == 3


@pytest.mark.parametrize("scenario", ["private", "conv_private"])
def test_every_post_row_leaves_the_world_as_it_was_built(scenario, db, canaries):
    world = build_world(scenario, canaries)
    before = row_counts()
    rows = [row for row in all_rows() if row.scenario == scenario and row.method == "POST"]
    assert rows
    for row in rows:
        run_row(row, world, canaries)
        assert row_counts() == before, row.id


def test_each_wrong_status_names_the_role_the_url_and_the_redirect(db, canaries):
    world = build_world("site", canaries)
    row = Row("core:feedback", expect(default=200))
    wrong = [str(outcome) for outcome in run_row(row, world, canaries) if not outcome.ok]
    assert wrong == [
        f"{role} got 302 (redirects to /accounts/login/?next=/feedback/), expected 200, "
        "for GET /feedback/"
        for role in ("anonymous", "suspended")
    ]


def test_a_role_whose_request_raises_is_reported_and_the_others_still_run(db, canaries):
    world = build_world("site", canaries)

    def data(w):
        raise RuntimeError("bad data")

    row = Row("core:feedback", signed_in(302), method="POST", data=data)
    outcomes = run_row(row, world, canaries)
    assert [outcome.role for outcome in outcomes] == list(ROLES)
    assert all("RuntimeError: bad data" in str(outcome) for outcome in outcomes)
