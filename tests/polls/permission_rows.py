"""Every polls URL × every role × scenario. The poll is run by `facilitator`."""

from tests.events import worlds  # noqa: F401  (registers the epn_* scenarios)
from tests.events.permission_rows import POST_ACTION, VIEW
from tests.permissions.matrix import obj, per_scenario, signed_in

ROWS = []


poll = obj("poll")


def vote_data(w):
    return {"choice": w.extra["poll"].choices.first().pk}


def rows(url_name, **row):
    ROWS.extend(per_scenario(url_name, prefix="epn_", **row))


# Facilitators and site admins run polls; never in an archive.
MANAGE = {
    "public": signed_in(403, facilitator=200, admin=200),
    "private": signed_in(403, facilitator=200, admin=200),
    "sub_private": signed_in(403, outsider=404, facilitator=200, admin=200),
    "archived": signed_in(403),
}
MANAGE_POST = {
    name: {**statuses, **{r: 302 for r, s in statuses.items() if s == 200}}
    for name, statuses in MANAGE.items()
}

rows("polls:index", private=VIEW["private"], archived=signed_in(200))
rows("polls:detail", kwargs=poll, **VIEW)
rows("polls:new", public=MANAGE["public"], private=MANAGE["private"], archived=MANAGE["archived"])
rows(
    "polls:vote",
    method="POST",
    kwargs=poll,
    data=vote_data,
    public=POST_ACTION["public"],
    private=POST_ACTION["private"],
    archived=POST_ACTION["archived"],
)
rows("polls:vote", method="GET", kwargs=poll, public=signed_in(405))
# Withdrawing is voting's rule: members only, never in an archive. The world's members have not
# voted, so they are sent back to the poll with "You have no vote on this poll to withdraw."
rows("polls:withdraw", method="POST", kwargs=poll, **POST_ACTION)
rows("polls:withdraw", method="GET", kwargs=poll, public=signed_in(405))
rows(
    "polls:close",
    method="POST",
    kwargs=poll,
    public=MANAGE_POST["public"],
    archived=MANAGE_POST["archived"],
)
rows("polls:delete", kwargs=poll, public=MANAGE["public"])
rows("polls:delete", method="POST", kwargs=poll, public=MANAGE_POST["public"])
