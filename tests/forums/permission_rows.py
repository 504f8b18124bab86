"""Every forum URL × every role, in public, private, sub-community-of-private and archived
communities (worlds in tests/forums/worlds.py).

Reading guide: 404 hidden; 403 visible but not allowed (for a private community the user can see
listed, its "ask to join" page); 302 signed out (to sign-in) or done; 405 wrong method.
"""

from tests.forums import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import obj, rows_in, signed_in, slug

PRIVATE_GATE = {"outsider": 403, "requester": 403}  # listed, content hidden: "ask to join"
SUB_HIDDEN = {"outsider": 404, "requester": 403}  # sub of private: outsider cannot even list it
# Content behind the community's own gate: whoever cannot see the community gets 404.
HIDDEN = {
    "conv_public": {},
    "conv_private": {"outsider": 404, "requester": 404},
    "conv_sub_private": {"outsider": 404, "requester": 404},
    "conv_archived": {},
}

topic_kwargs = obj("topic")


def view(status_member=200, *, scenario, **overrides):
    """Reading a page: members, facilitators and site admins see it; others by scenario."""
    others = {
        "conv_public": {"outsider": status_member, "requester": status_member},
        "conv_private": PRIVATE_GATE,
        "conv_sub_private": SUB_HIDDEN,
        "conv_archived": {"outsider": status_member, "requester": status_member},
    }[scenario]
    return signed_in(status_member, **{**others, **overrides})


ALL = ["conv_public", "conv_private", "conv_sub_private", "conv_archived"]
PUB_PRIV = ["conv_public", "conv_private"]
# Closedown checks: reading works, writing is refused, moderation still works.
PRIV_ARCH = ["conv_private", "conv_archived"]


# Posting needs membership of an open community: outsiders of a public one may read, not post.
def post_expect(ok):
    def expect_for(s):
        if s == "conv_archived":
            return view(403, scenario=s)
        return view(
            ok,
            scenario=s,
            admin=403,
            **({} if s != "conv_public" else {"outsider": 403, "requester": 403}),
        )

    return expect_for


def moderate_expect(ok):
    def expect_for(s):
        closed = (
            {"outsider": 403, "requester": 403} if s in {"conv_public", "conv_archived"} else {}
        )
        return view(ok, scenario=s, member=403, **closed)

    return expect_for


def own_expect(ok, *, moderators_too=False):
    """The member's own post: they may; facilitators and admins only if moderators_too."""

    def expect_for(s):
        if s == "conv_archived":  # read-only: authors can no longer change anything
            mods = ok if moderators_too else 403
            return view(403, scenario=s, facilitator=mods, admin=mods)
        mods = ok if moderators_too else 403
        closed = {"outsider": 403, "requester": 403} if s == "conv_public" else {}
        return view(ok, scenario=s, facilitator=mods, admin=mods, **closed)

    return expect_for


def topic_data(w):
    return {"title": "Local Government Glossary", "kind": "discussion", "body": "Terms we use."}


ROWS = [
    *rows_in("forums:index", ALL, lambda s: view(scenario=s), kwargs=slug),
    *rows_in(
        "forums:index",
        ["conv_public"],
        lambda s: view(scenario=s),
        kwargs=slug,
        query="sort=mine&per_page=8",
        note="My topics",
    ),
    *rows_in("forums:topic", ALL, lambda s: view(scenario=s), kwargs=topic_kwargs),
    *rows_in(
        "forums:topic",
        PUB_PRIV,
        lambda s: view(404, scenario=s, facilitator=200, admin=200),
        kwargs=obj("removed_topic"),
        note="deleted topic: facilitators only",
    ),
    *rows_in("forums:post", PUB_PRIV, lambda s: view(302, scenario=s), kwargs=obj("member_reply")),
    *rows_in("forums:topic_new", PRIV_ARCH, post_expect(200), kwargs=slug),
    *rows_in(
        "forums:topic_new", PUB_PRIV, post_expect(302), kwargs=slug, method="POST", data=topic_data
    ),
    *rows_in(
        "forums:topic_new",
        ["conv_public"],
        post_expect(200),
        kwargs=slug,
        method="POST",
        data={"title": "", "body": ""},
        note="invalid: form shown again",
    ),
    *rows_in("forums:reply", ["conv_private"], post_expect(200), kwargs=topic_kwargs),
    *rows_in(
        "forums:reply",
        ALL,
        post_expect(302),
        kwargs=topic_kwargs,
        method="POST",
        data={"body": "Thanks for this."},
    ),
    *rows_in("forums:post_reply", PUB_PRIV, post_expect(200), kwargs=obj("reply")),
    *rows_in(
        "forums:post_reply",
        ["conv_private"],
        post_expect(302),
        kwargs=obj("reply"),
        method="POST",
        data={"body": "Replying to the reply."},
    ),
    *rows_in("forums:post_edit", PRIV_ARCH, own_expect(200), kwargs=obj("member_reply")),
    *rows_in(
        "forums:post_edit",
        ["conv_private"],
        own_expect(302),
        kwargs=obj("member_reply"),
        method="POST",
        data={"body": "Edited.", "base_version": 1},
    ),
    *rows_in(
        "forums:post_delete",
        PRIV_ARCH,
        own_expect(200, moderators_too=True),
        kwargs=obj("member_reply"),
    ),
    *rows_in(
        "forums:post_delete",
        ["conv_private"],
        own_expect(302, moderators_too=True),
        kwargs=obj("member_reply"),
        method="POST",
    ),
    *rows_in(
        "forums:post_restore",
        ALL,
        moderate_expect(302),
        kwargs=obj("removed_reply"),
        method="POST",
    ),
    *rows_in(
        "forums:post_restore",
        ["conv_public"],
        lambda s: view(405, scenario=s),
        kwargs=obj("removed_reply"),
        note="GET is not allowed",
    ),
    *rows_in(
        "forums:topic_delete", PRIV_ARCH, own_expect(200, moderators_too=True), kwargs=topic_kwargs
    ),
    *rows_in(
        "forums:topic_delete",
        ["conv_private"],
        own_expect(302, moderators_too=True),
        kwargs=topic_kwargs,
        method="POST",
    ),
    *rows_in(
        "forums:topic_restore",
        PUB_PRIV,
        moderate_expect(302),
        kwargs=obj("removed_topic"),
        method="POST",
    ),
    *rows_in(
        "forums:topic_pin",
        ALL,
        moderate_expect(302),
        kwargs=topic_kwargs,
        method="POST",
        data={"pinned": "1"},
    ),
    *rows_in(
        "forums:topic_lock",
        PUB_PRIV,
        moderate_expect(302),
        kwargs=topic_kwargs,
        method="POST",
        data={"locked": "1"},
    ),
    *rows_in(
        "forums:topic_answer",
        PUB_PRIV,
        own_expect(302, moderators_too=True),
        kwargs=obj("question"),
        method="POST",
        data=lambda w: {"post": w.extra["answer"].pk},
    ),
]
