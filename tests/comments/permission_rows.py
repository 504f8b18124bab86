"""Every comments URL × every role, on the member's blog entry in each world
(tests/forums/worlds.py). The blog's owner (`member`) moderates comments on it, as do the
facilitators of the communities it is published in and site admins."""

from tests.forums import worlds  # noqa: F401  (registers the scenarios)
from tests.forums.permission_rows import HIDDEN, PRIV_ARCH, PUB_PRIV
from tests.permissions.matrix import rows_in, signed_in


def on_entry(w):
    return {"kind": "blogentry", "pk": w.extra["entry"].pk}


def comment(key):
    return lambda w: {"pk": w.extra[key].pk}


def expect(ok, **overrides):
    return lambda s: signed_in(ok, **{**HIDDEN[s], **overrides})


CLOSED = {"conv_archived": 403}


def can_comment(ok):
    """Anyone who can see the entry may comment, unless its only community has closed down."""
    return lambda s: signed_in(403 if s == "conv_archived" else ok, **HIDDEN[s])


ROWS = [
    *rows_in("comments:add", PUB_PRIV, can_comment(200), kwargs=on_entry),
    *rows_in(
        "comments:add",
        PRIV_ARCH,
        can_comment(302),
        kwargs=on_entry,
        method="POST",
        data={"body": "Thanks, this helps."},
    ),
    *rows_in(
        "comments:add",
        ["conv_public"],
        can_comment(200),
        kwargs=on_entry,
        method="POST",
        data={"body": ""},
        note="invalid: form shown again",
    ),
    *rows_in("comments:permalink", PUB_PRIV, expect(302), kwargs=comment("comment")),
    *rows_in(
        "comments:edit",
        PRIV_ARCH,
        lambda s: signed_in(403, facilitator=403 if s == "conv_archived" else 200, **HIDDEN[s]),
        kwargs=comment("comment"),
    ),
    *rows_in(
        "comments:edit",
        ["conv_private"],
        lambda s: signed_in(403, facilitator=302, **HIDDEN[s]),
        kwargs=comment("comment"),
        method="POST",
        data={"body": "Edited comment", "base_version": 1},
    ),
    *rows_in(
        "comments:delete",
        PRIV_ARCH,
        lambda s: signed_in(403, member=200, facilitator=200, admin=200, **HIDDEN[s]),
        kwargs=comment("comment"),
    ),
    *rows_in(
        "comments:delete",
        ["conv_private"],
        lambda s: signed_in(403, member=302, facilitator=302, admin=302, **HIDDEN[s]),
        kwargs=comment("comment"),
        method="POST",
    ),
    *rows_in(
        "comments:restore",
        PUB_PRIV,
        lambda s: signed_in(403, member=302, facilitator=302, admin=302, **HIDDEN[s]),
        kwargs=comment("removed_comment"),
        method="POST",
    ),
]
