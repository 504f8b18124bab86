"""Every events URL × every role × (public, private, sub-community of private, archived).

404 = hidden; 403 = visible but not allowed (a private community shows its ask-to-join page);
302 = signed out (to sign-in) or done. The event was added by `member`, who is going.
"""

from tests.events import worlds  # noqa: F401  (registers the epn_* scenarios)
from tests.permissions.matrix import Row, expect, obj, per_scenario, signed_in

ROWS = []


event = obj("event")


def rows(url_name, query="", **row):
    note = f"?{query}" if query else ""
    ROWS.extend(per_scenario(url_name, prefix="epn_", query=query, note=note, **row))


# Reading: anyone who can see the community's content.
VIEW = {
    "public": signed_in(200),
    "private": signed_in(200, outsider=403, requester=403),
    "sub_private": signed_in(200, outsider=404, requester=403),
}
# Members add events and attend (site admins see everything but are not members).
POST_PAGE = {
    "public": signed_in(403, member=200, facilitator=200),
    "private": signed_in(403, member=200, facilitator=200),
    "sub_private": signed_in(403, outsider=404, member=200, facilitator=200),
    "archived": signed_in(403),
}
POST_ACTION = {
    name: {**statuses, **{r: 302 for r, s in statuses.items() if s == 200}}
    for name, statuses in POST_PAGE.items()
}
# Its author (member), facilitators and site admins change an event; never in an archive.
CHANGE = {
    "public": signed_in(403, member=200, facilitator=200, admin=200),
    "private": signed_in(403, member=200, facilitator=200, admin=200),
    "sub_private": signed_in(403, outsider=404, member=200, facilitator=200, admin=200),
    "archived": signed_in(403),
}

# The community home shows the upcoming events and the poll (no leaks through the hooks).
rows("communities:home", private=VIEW["private"], sub_private=VIEW["sub_private"])
rows("events:index", **VIEW, archived=signed_in(200))
rows("events:calendar", private=VIEW["private"])
rows("events:past", private=VIEW["private"])
# The tag filter (the world's event is tagged "workshop"): the same rule, canaries scanned.
rows("events:index", query="tag=workshop", **VIEW, archived=signed_in(200))
rows("events:past", query="tag=workshop", private=VIEW["private"])
rows("events:index", query="tag=no-such-tag%00", private=VIEW["private"])
ROWS.append(Row("events:mine", expect=signed_in(200), scenario="epn_private"))
rows("events:detail", kwargs=event, **VIEW)
rows("events:ics", kwargs=event, private=VIEW["private"])
rows(
    "events:new",
    public=POST_PAGE["public"],
    private=POST_PAGE["private"],
    archived=POST_PAGE["archived"],
)
rows("events:new", method="POST", data={"title": ""}, public=POST_PAGE["public"])  # invalid
rows(
    "events:edit",
    kwargs=event,
    public=CHANGE["public"],
    private=CHANGE["private"],
    archived=CHANGE["archived"],
)
rows("events:cancel", kwargs=event, **CHANGE)
rows(
    "events:cancel",
    method="POST",
    kwargs=event,
    data={"note": "The venue is closed."},
    public=signed_in(403, member=302, facilitator=302, admin=302),
    private=signed_in(403, member=302, facilitator=302, admin=302),
    sub_private=signed_in(403, outsider=404, member=302, facilitator=302, admin=302),
    archived=signed_in(403),
)
rows("events:delete", kwargs=event, public=CHANGE["public"])
rows(
    "events:delete",
    method="POST",
    kwargs=event,
    public=signed_in(403, member=302, facilitator=302, admin=302),
)
rows("events:attend", method="POST", kwargs=event, **POST_ACTION)
rows("events:attend", method="GET", kwargs=event, public=signed_in(405))
rows("events:leave", method="POST", kwargs=event, public=signed_in(302), archived=signed_in(403))


# The calendar feed is for calendar apps: no session, only the token in the address decides.
# A non-member's token reads a public community's calendar and nothing of a private one.
def feed_as(role):
    def kwargs(w):
        from feeds.services import token_create_or_regenerate

        token = token_create_or_regenerate(user=w.users[role]).token
        return {"token": token, "slug": w.community.slug}

    return kwargs


ROWS += [
    Row("feeds:events", scenario="epn_public", kwargs=feed_as("outsider"), expect=expect(200)),
    Row("feeds:events", scenario="epn_private", kwargs=feed_as("outsider"), expect=expect(404)),
    Row(
        "feeds:events", scenario="epn_sub_private", kwargs=feed_as("requester"), expect=expect(404)
    ),
    Row(
        "feeds:events",
        scenario="epn_private",
        kwargs=lambda w: {"token": "not-a-real-token", "slug": w.community.slug},
        expect=expect(404),
        note="unknown token",
    ),
]
