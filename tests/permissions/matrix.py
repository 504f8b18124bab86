"""The permission matrix: every URL × every role, with the status each role must get.

Each app lists its rows in tests/<app>/permission_rows.py as `ROWS = [Row(...), ...]`, built
with the helpers below. tests/permissions/test_matrix.py runs every row for every role and
fails when any URL pattern in the URLconf has no row (or an entry in EXEMPT with a reason).
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
    # For endpoints that read a JSON body (the REST API): "application/json".
    content_type: str = ""

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


# URL kwargs for the things a world holds.


def slug(w):
    """The world's community."""
    return {"slug": w.community.slug}


def obj(key, attr="pk"):
    """Something in the world's community: its community's slug and `world.extra[key].<attr>`."""

    def kwargs(w):
        return {"slug": w.community.slug, "pk": getattr(w.extra[key], attr)}

    return kwargs


# Ways to write the same URL for several scenarios.


def rows_in(url_name, scenarios, expect_for, **row):
    """One row per scenario; `expect_for(scenario)` gives that scenario's statuses."""
    return [Row(url_name, scenario=s, expect=expect_for(s), **row) for s in scenarios]


def per_scenario(url_name, *, prefix="", method="GET", kwargs=slug, query="", **statuses_by):
    """One row per `scenario=statuses` keyword, for scenario `prefix + scenario`; any other
    Row field (data, note) goes in as a keyword too."""
    row = {key: statuses_by.pop(key) for key in ("data", "note") if key in statuses_by}
    return [
        Row(
            url_name,
            scenario=f"{prefix}{scenario}",
            method=method,
            kwargs=kwargs,
            query=query,
            expect=statuses,
            **row,
        )
        for scenario, statuses in statuses_by.items()
    ]


def all_rows():
    """Every row from every tests/<app>/permission_rows.py."""
    tests_dir = Path(__file__).resolve().parent.parent
    rows = []
    for path in sorted(tests_dir.glob("*/permission_rows.py")):
        module = import_module(f"tests.{path.parent.name}.permission_rows")
        rows.extend(module.ROWS)
    return rows
