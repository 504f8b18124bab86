"""Every blog URL × every role. The entry in each world is by `member`, published in the
world's community (tests/forums/worlds.py): readable by whoever can see that community."""

from tests.forums import worlds  # noqa: F401  (registers the scenarios)
from tests.forums.permission_rows import ALL, HIDDEN, PRIV_ARCH, PUB_PRIV, view
from tests.permissions.matrix import Row, rows_in, signed_in, slug


def entry_kwargs(w):
    entry = w.extra["entry"]
    return {"username": entry.author.username, "pk": entry.pk}


def entry_view(ok=200, **overrides):
    return lambda s: signed_in(ok, **{**HIDDEN[s], **overrides})


def author_only(ok):
    return lambda s: signed_in(403, member=ok, **HIDDEN[s])


def member_blog(w):
    return {"username": w.users["member"].username}


ROWS = [
    Row("blogs:index", expect=signed_in(302), note="to your own blog"),
    Row("blogs:entry_new", expect=signed_in(200)),
    Row(
        "blogs:entry_new",
        method="POST",
        data={"title": "Notes from the BarCamp", "body": "It was good."},
        expect=signed_in(302),
    ),
    Row(
        "blogs:entry_new",
        method="POST",
        data={"title": "", "body": ""},
        expect=signed_in(200),
        note="invalid: form shown again",
    ),
    Row("blogs:set_active", method="POST", data={"active": "0"}, expect=signed_in(302)),
    Row("blogs:set_active", expect=signed_in(405), note="GET is not allowed"),
    *rows_in("blogs:user", PUB_PRIV, lambda s: signed_in(200), kwargs=member_blog),
    *rows_in("blogs:entry", ALL, entry_view(), kwargs=entry_kwargs),
    *rows_in("blogs:entry_edit", PRIV_ARCH, author_only(200), kwargs=entry_kwargs),
    *rows_in(
        "blogs:entry_edit",
        ["conv_private"],
        author_only(302),
        kwargs=entry_kwargs,
        method="POST",
        data={"title": "Updated", "body": "Updated body", "base_version": 1},
    ),
    *rows_in("blogs:entry_delete", PUB_PRIV, author_only(200), kwargs=entry_kwargs),
    *rows_in(
        "blogs:entry_delete", ["conv_private"], author_only(302), kwargs=entry_kwargs, method="POST"
    ),
    *rows_in(
        "blogs:community",
        ALL,
        lambda s: view(scenario=s),
        kwargs=slug,
    ),
]
