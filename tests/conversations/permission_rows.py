"""Helpful, Report and the moderation queues × every role (worlds: tests/forums/worlds.py).
The reactions and reports here are about the facilitator's reply to the member's topic."""

from tests.forums import worlds  # noqa: F401  (registers the scenarios)
from tests.forums.permission_rows import HIDDEN, PRIV_ARCH, PUB_PRIV, moderate_expect
from tests.permissions.matrix import Row, rows_in, signed_in, slug


def reply(w):
    return {"kind": "post", "pk": w.extra["reply"].pk}


def report(w):
    return {"pk": w.extra["report"].pk}


def helpful(s):
    """Members (not the author, not in an archive); others who can see it may not (403)."""
    return signed_in(403, member=403 if s == "conv_archived" else 302, **HIDDEN[s])


def can_report(ok):
    return lambda s: signed_in(ok, facilitator=403, **HIDDEN[s])


ROWS = [
    *rows_in(
        "conversations:helpful",
        ["conv_public", "conv_private", "conv_archived"],
        helpful,
        kwargs=reply,
        method="POST",
    ),
    *rows_in(
        "conversations:helpful",
        ["conv_public"],
        lambda s: signed_in(405),
        kwargs=reply,
        note="GET is not allowed",
    ),
    *rows_in("conversations:report", PUB_PRIV, can_report(200), kwargs=reply),
    *rows_in(
        "conversations:report",
        PUB_PRIV,
        can_report(302),
        kwargs=reply,
        method="POST",
        data={"reason": "Personal attack on another member."},
    ),
    *rows_in(
        "conversations:report",
        ["conv_public"],
        can_report(200),
        kwargs=reply,
        method="POST",
        data={"reason": ""},
        note="invalid: form shown again",
    ),
    *rows_in("conversations:queue", PRIV_ARCH, moderate_expect(200), kwargs=slug),
    Row("conversations:site_queue", expect=signed_in(403, admin=200)),
    *rows_in(
        "conversations:decide",
        PUB_PRIV,
        lambda s: signed_in(404, facilitator=302, admin=302),
        kwargs=report,
        method="POST",
        data={"action": "dismiss"},
    ),
]
