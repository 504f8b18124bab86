"""Every "This week" URL × every role, in public, private, sub-community-of-private, archived
and forum-switched-off communities (worlds in tests/facilitation/worlds.py); and the counting
redirect of alert emails.

Reading guide: 404 hidden; 403 visible but not allowed (for a private community the user can see
listed, its "ask to join" page); 302 signed out (to sign-in) or done; 400 a form shown again.
"""

from alerts.clicks import tracked_path
from tests.facilitation import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, expect, obj, signed_in, slug

ALL = ["week_public", "week_private", "week_sub_private", "week_archived", "week_forum_off"]
GATE = {
    "week_public": {},
    "week_private": {"outsider": 403, "requester": 403},
    "week_sub_private": {"outsider": 404, "requester": 403},
    "week_archived": {},
    "week_forum_off": {},
}


def facilitators(ok, scenario, **overrides):
    """Facilitators and site admins get `ok`; everyone else the usual refusal."""
    return signed_in(403, **{"facilitator": ok, "admin": ok, **GATE[scenario], **overrides})


def member_kwargs(w):
    return {"slug": w.community.slug, "user_id": w.users["member"].pk}


def request_kwargs(w):
    return {"slug": w.community.slug, "pk": w.extra["request"].pk}


def click_kwargs(w):
    return {"signed": tracked_path("/communities/", w.community.pk).split("/")[2]}


ROWS = []
for s in ALL:
    ROWS += [
        Row("facilitation:week", scenario=s, kwargs=slug, expect=facilitators(200, s)),
        Row(
            "facilitation:settings",
            method="POST",
            scenario=s,
            kwargs=slug,
            data={"unanswered_hours": "24"},
            expect=facilitators(302, s),
        ),
        Row(
            "facilitation:settings",
            method="POST",
            scenario=s,
            kwargs=slug,
            data={"unanswered_hours": "soon"},
            expect=facilitators(400, s),
            note="invalid: page shown again",
        ),
        # The weekly email goes to facilitators; a site admin who is not one has none to set.
        Row(
            "facilitation:weekly_email",
            method="POST",
            scenario=s,
            kwargs=slug,
            data={"wanted": ""},
            expect=facilitators(302, s, admin=403),
        ),
        Row("facilitation:note", scenario=s, kwargs=member_kwargs, expect=facilitators(200, s)),
        Row(
            "facilitation:note",
            method="POST",
            scenario=s,
            kwargs=member_kwargs,
            data={"subject": "Hello", "body": "How are you getting on?"},
            expect=facilitators(302, s),
        ),
    ]
# Asking someone to reply posts in the forum: facilitators who are members of an open
# community with a forum. A site admin who is not a member cannot post; a closed-down community
# takes no replies; a switched-off forum's topics are hidden.
ASK = {
    "week_public": facilitators(200, "week_public", admin=403),
    "week_private": facilitators(200, "week_private", admin=403),
    "week_sub_private": facilitators(200, "week_sub_private", admin=403),
    "week_archived": facilitators(403, "week_archived"),
    "week_forum_off": facilitators(404, "week_forum_off"),
}
ASK_POST = {
    s: {**statuses, **{role: 302 for role in ("facilitator",) if statuses[role] == 200}}
    for s, statuses in ASK.items()
}
for s in ALL:
    ROWS += [
        Row("facilitation:ask", scenario=s, kwargs=obj("topic"), expect=ASK[s]),
        Row(
            "facilitation:ask",
            method="POST",
            scenario=s,
            kwargs=obj("topic"),
            data={"body": "@member could you help?"},
            expect=ASK_POST[s],
        ),
    ]
for s in ("week_private", "week_sub_private"):
    ROWS.append(
        Row(
            "facilitation:request_decide",
            method="POST",
            scenario=s,
            kwargs=request_kwargs,
            data={"decision": "approve", "message": "Welcome!"},
            expect=facilitators(302, s),
        )
    )
ROWS.append(
    Row(
        "facilitation:request_decide",
        method="GET",
        scenario="week_private",
        kwargs=request_kwargs,
        expect=signed_in(405),
    )
)

# The counting redirect: anyone may follow a link from an email (the page it leads to asks for
# sign-in itself); a link that is not ours is a 404.
ROWS += [
    Row("alerts:click", scenario="week_private", kwargs=click_kwargs, expect=expect(302)),
    Row(
        "alerts:click",
        kwargs={"signed": "not-a-signed-link"},
        expect=expect(404),
        note="not ours",
    ),
]
