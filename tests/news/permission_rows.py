"""Every news URL × every role × scenario. The feed was added by `facilitator`; members may not
add feeds (the default)."""

from tests.events import worlds  # noqa: F401  (registers the epn_* scenarios)
from tests.events.permission_rows import VIEW
from tests.permissions.matrix import obj, per_scenario, signed_in
from tests.polls.permission_rows import MANAGE, MANAGE_POST

ROWS = []


feed = obj("feed")


def rows(url_name, **row):
    ROWS.extend(per_scenario(url_name, prefix="epn_", **row))


rows("news:index", private=VIEW["private"], archived=signed_in(200))
rows("news:index", query="feed=1", public=signed_in(200))
rows("news:feeds", private=VIEW["private"], sub_private=VIEW["sub_private"])
rows(
    "news:feeds",
    method="POST",
    data={"name": "Guardian Society", "url": "https://www.example.org/society/rss"},
    public=MANAGE_POST["public"],
    private=MANAGE_POST["private"],
    archived=MANAGE_POST["archived"],
)
rows(
    "news:fetch",
    method="POST",
    kwargs=feed,
    public=MANAGE_POST["public"],
    archived=MANAGE_POST["archived"],
)
rows("news:remove", kwargs=feed, public=MANAGE["public"])
rows("news:remove", method="POST", kwargs=feed, public=MANAGE_POST["public"])
rows(
    "news:settings",
    method="POST",
    data={"members_may_add": "on"},
    public=MANAGE_POST["public"],
    archived=MANAGE_POST["archived"],
)
