"""Every finding URL × every role, in public, private, sub-community-of-private and archived
communities, and with the forum and wiki switched off (worlds in tests/finding/worlds.py).

Reading guide: 404 hidden; 403 visible but not allowed (for a private community the user can see
listed, its "ask to join" page); 302 signed out (to sign-in) or done; 200 shown (a form with a
problem is shown again).
"""

from tests.finding import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, rows_in, signed_in, slug

ALL = ["find_public", "find_private", "find_sub_private", "find_archived"]
OPEN = ["find_public", "find_private", "find_sub_private"]
GATE = {
    "find_public": {},
    "find_private": {"outsider": 403, "requester": 403},
    "find_sub_private": {"outsider": 404, "requester": 403},
    "find_archived": {},
    "find_forum_off": {},
}
HIDDEN = {
    "find_public": {},
    "find_private": {"outsider": 404, "requester": 404},
    "find_sub_private": {"outsider": 404, "requester": 404},
    "find_archived": {},
    "find_forum_off": {},
}


def members(ok, *, scenario, **overrides):
    """Members and facilitators may; outsiders of an open community and site admins (not
    members) are refused; the community's gate first."""
    return signed_in(
        ok, **{"outsider": 403, "requester": 403, "admin": 403, **GATE[scenario], **overrides}
    )


def moderators(ok, *, scenario, **overrides):
    return signed_in(
        ok, **{"outsider": 403, "requester": 403, "member": 403, **GATE[scenario], **overrides}
    )


def of(key, attr="pk"):
    def kwargs(w):
        return {"slug": w.community.slug, "pk": getattr(w.extra[key], attr)}

    return kwargs


def settings_data(w):
    return {"first_action": "read", "starter_page": w.extra["page"].pk, "ask_after_hours": 12}


def ask_data(w):
    return {"person": w.extra["expert"].pk}


ROWS = [
    # "Not interested": any community the member may see (the visibility rule, nothing else).
    *rows_in(
        "finding:dismiss",
        ALL,
        lambda s: signed_in(302, **HIDDEN[s]),
        kwargs=slug,
        method="POST",
    ),
    # The newcomer checklist: members only.
    *rows_in(
        "finding:checklist_dismiss",
        ALL,
        lambda s: members(302, scenario=s),
        kwargs=slug,
        method="POST",
    ),
    *rows_in(
        "finding:starter_read",
        ALL,
        lambda s: members(302, scenario=s, **({"member": 302} if s else {})),
        kwargs=slug,
        method="POST",
    ),
    *rows_in(
        "finding:starter_read",
        ["find_forum_off"],
        lambda s: signed_in(404),
        kwargs=slug,
        method="POST",
        note="wiki switched off",
    ),
    # The facilitators' page: facilitators and site admins, archived communities included.
    *rows_in(
        "finding:manage",
        [*ALL, "find_forum_off"],
        lambda s: moderators(200, scenario=s),
        kwargs=slug,
    ),
    *rows_in(
        "finding:manage",
        OPEN,
        lambda s: moderators(302, scenario=s),
        kwargs=slug,
        method="POST",
        data=settings_data,
    ),
    *rows_in(
        "finding:manage",
        ["find_public"],
        lambda s: moderators(200, scenario=s),
        kwargs=slug,
        method="POST",
        data={"first_action": "read", "ask_after_hours": "soon"},
        note="invalid: form shown again",
    ),
    # Switching the introductions topic: facilitators of an open community with a forum (a
    # site admin who is not a member cannot start a topic).
    *rows_in(
        "finding:intro_topic",
        OPEN,
        lambda s: moderators(302, scenario=s, admin=403),
        kwargs=slug,
        method="POST",
        data={"on": "1"},
    ),
    *rows_in(
        "finding:intro_topic",
        ["find_archived"],
        lambda s: moderators(403, scenario=s),
        kwargs=slug,
        method="POST",
        data={"on": "1"},
        note="closed down: read-only",
    ),
    *rows_in(
        "finding:intro_topic",
        ["find_forum_off"],
        lambda s: moderators(404, scenario=s),
        kwargs=slug,
        method="POST",
        data={"on": "1"},
        note="forum switched off",
    ),
    # Asking people: the asker (member) or a facilitator.
    *rows_in(
        "finding:ask",
        ALL,
        lambda s: moderators(200, scenario=s, member=200),
        kwargs=of("waiting"),
    ),
    *rows_in(
        "finding:ask",
        OPEN,
        lambda s: moderators(302, scenario=s, member=302),
        kwargs=of("waiting"),
        method="POST",
        data=ask_data,
    ),
    *rows_in(
        "finding:ask",
        ["find_public"],
        lambda s: moderators(200, scenario=s, member=200),
        kwargs=of("waiting"),
        method="POST",
        data={"person": "nobody"},
        note="invalid: page shown again",
    ),
    *rows_in(
        "finding:ask",
        ["find_forum_off"],
        lambda s: signed_in(404),
        kwargs=of("waiting"),
        note="forum switched off",
    ),
    # "Not now": only the person asked.
    *rows_in(
        "finding:not_now",
        ALL,
        lambda s: signed_in(404, member=200, **GATE[s]),
        kwargs=of("ask"),
    ),
    *rows_in(
        "finding:not_now",
        ALL,
        lambda s: signed_in(404, member=302, **GATE[s]),
        kwargs=of("ask"),
        method="POST",
    ),
    *rows_in(
        "finding:not_now",
        ["find_forum_off"],
        lambda s: signed_in(404),
        kwargs=of("ask"),
        note="forum switched off",
    ),
    # Being asked to help: every signed-in member's own setting.
    Row("finding:preference", signed_in(200)),
    Row("finding:preference", signed_in(302), method="POST", data={"may_be_asked": "no"}),
    Row(
        "finding:preference",
        signed_in(200),
        method="POST",
        data={"may_be_asked": "perhaps"},
        note="invalid: form shown again",
    ),
]
