"""The permission matrix: every URL × every role, with the status each role must get.

Each app lists its rows in tests/<app>/permission_rows.py as `ROWS = [Row(...), ...]`.
tests/permissions/test_matrix.py runs every row for every role and fails when any URL pattern
in the URLconf has no row (or an entry in EXEMPT with a reason).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

ROLES = ("anonymous", "outsider", "requester", "member", "facilitator", "admin", "suspended")

# Statuses used throughout: 200 shown, 302 redirected (to sign-in for anonymous/suspended, or
# after a successful POST), 403 visible but not allowed, 404 hidden, 405 wrong method.


def expect(default=None, **statuses):
    unknown = set(statuses) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles in expect(): {sorted(unknown)}")
    missing = [role for role in ROLES if role not in statuses and default is None]
    if missing:
        raise ValueError(f"expect() needs a status for {missing} (or a default)")
    return {role: statuses.get(role, default) for role in ROLES}


def signed_in(status, *, anonymous=302, suspended=302, **overrides):
    """Shortcut: the same status for every signed-in role; anonymous and suspended sign in first."""
    return expect(default=status, anonymous=anonymous, suspended=suspended, **overrides)


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict
    scenario: str = "site"
    method: str = "GET"
    kwargs: Callable | dict = field(default_factory=dict)
    data: Callable | dict | None = None
    query: str = ""
    note: str = ""

    def resolve_kwargs(self, world):
        return self.kwargs(world) if callable(self.kwargs) else dict(self.kwargs)

    def resolve_data(self, world):
        if self.data is None:
            return {}
        return self.data(world) if callable(self.data) else dict(self.data)

    @property
    def id(self):
        label = f"{self.method} {self.url_name} [{self.scenario}]"
        return f"{label} {self.note}".strip()


def all_rows():
    """Every row from every tests/<app>/permission_rows.py."""
    tests_dir = Path(__file__).resolve().parent.parent
    rows = []
    for path in sorted(tests_dir.glob("*/permission_rows.py")):
        module = import_module(f"tests.{path.parent.name}.permission_rows")
        rows.extend(module.ROWS)
    return rows
