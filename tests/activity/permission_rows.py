"""Every activity URL × every role. Stream pages show only what each role may see (the
private_activity world carries a canary in a private community's stream)."""

from tests.activity import worlds  # noqa: F401  (registers the scenarios)
from tests.communities import worlds as community_worlds  # noqa: F401
from tests.permissions.matrix import Row, expect, signed_in, slug

VIEW = {
    "public": signed_in(200),
    "private_activity": signed_in(200, outsider=403, requester=403),
    "sub_private": signed_in(200, outsider=404, requester=403),
    "archived": signed_in(200),
}
FACILITATE = {
    "public": signed_in(403, facilitator=200, admin=200),
    "private_activity": signed_in(403, outsider=403, requester=403, facilitator=200, admin=200),
    "sub_private": signed_in(403, outsider=404, facilitator=200, admin=200),
    "archived": signed_in(403, facilitator=200, admin=200),
}

ROWS = [
    Row("activity:stream", expect=signed_in(200), scenario="private_activity"),
    Row("activity:stream", expect=signed_in(200), scenario="private_activity", query="show=mine"),
    Row(
        "activity:stream",
        expect=signed_in(200),
        scenario="private_activity",
        query="before=not-a-cursor",
        note="a malformed cursor shows the newest page",
    ),
    Row("activity:conversations", expect=signed_in(200), scenario="private_activity"),
    Row("core:home", expect=expect(default=200), scenario="private_activity"),
    Row("activity:site_metrics", expect=signed_in(403, admin=200), scenario="private_activity"),
    Row(
        "activity:site_metrics",
        expect=signed_in(403, admin=200),
        query="period=custom&start=2026-02-01&end=2026-01-01",
        note="invalid dates: the form explains",
    ),
]
ROWS += [
    Row("activity:community", scenario=name, kwargs=slug, expect=statuses)
    for name, statuses in VIEW.items()
]
ROWS += [
    Row("activity:community_metrics", scenario=name, kwargs=slug, expect=statuses)
    for name, statuses in FACILITATE.items()
]
