"""Every URL × every role gets exactly the status the matrix says; no URL goes without a row.

Each scenario's world is built once per test module (and xdist worker) inside a transaction
that is rolled back when the module is done; each row runs in its own savepoint within it
(pytest-django's `db`), and each role's request in a savepoint of its own (runner.run_row).
The rows are ordered by scenario so that pytest builds each world once.
"""

import sys

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.permissions.canary import CanaryRegistry
from tests.permissions.exempt import EXEMPT, EXEMPT_PREFIXES
from tests.permissions.matrix import ROLES, all_rows
from tests.permissions.runner import run_row, sign_in_once
from tests.permissions.world import build_world

ROWS = all_rows()


def url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            ns = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(
        name
        for name in set(url_names())
        if name not in covered
        and name not in EXEMPT
        and not any(name.startswith(prefix) for prefix in EXEMPT_PREFIXES)
    )
    assert not missing, "URL patterns with no row in the permission matrix:\n" + "\n".join(missing)


def test_every_row_names_a_real_url():
    names = set(url_names())
    assert not [row.url_name for row in ROWS if row.url_name not in names]


def test_every_row_expects_a_status_from_every_role():
    """So the matrix makes len(ROWS) × len(ROLES) checks (the count is printed after a run)."""
    incomplete = [row.id for row in ROWS if tuple(row.expect) != ROLES]
    assert not incomplete, "Rows without a status for every role:\n" + "\n".join(incomplete)


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    """The scenario's world (`request.param`) and its roles' sessions, kept in a transaction
    rolled back at teardown.

    Its canaries go in a registry of their own; each test adds them to its `canaries`.
    """
    with django_db_blocker.unblock():
        world_transaction = transaction.atomic()
        world_transaction.__enter__()
        try:
            built = build_world(request.param, CanaryRegistry())
            sign_in_once(built)
        except BaseException:
            world_transaction.__exit__(*sys.exc_info())
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        world_transaction.__exit__(None, None, None)


@pytest.mark.parametrize(
    ("world", "row"),
    [
        pytest.param(row.scenario, row, id=row.id)
        for row in sorted(ROWS, key=lambda row: row.scenario)
    ],
    indirect=["world"],
    scope="module",
)
def test_every_role_gets_the_expected_status(world, row, canaries, db, record_property):
    canaries.canaries.extend(world.canaries.canaries)
    outcomes = run_row(row, world, canaries)
    record_property("matrix_checks", len(outcomes))
    wrong = [outcome for outcome in outcomes if not outcome.ok]
    if wrong:
        pytest.fail(
            f"{len(wrong)} of {len(outcomes)} roles got the wrong status:\n"
            + "\n".join(str(outcome) for outcome in wrong),
            pytrace=False,
        )
