"""Every wiki URL × every role × (public, private, sub-community of private, archived).

404 = hidden (a sub-community of a private community, from non-members of the parent);
403 = visible but not allowed (a private community's "ask to join" page for outsiders and
requesters; editing for non-members and in an archived community; deleting for non-facilitators);
302 = signed out (to sign-in) or done (after a POST).
"""

from tests.permissions.matrix import Row, signed_in, slug
from tests.wikis import worlds  # noqa: F401  (registers the scenarios)

BASES = ("public", "private", "sub_private", "archived")

VIEW = {
    "public": signed_in(200),
    "private": signed_in(200, outsider=403, requester=403),
    "sub_private": signed_in(200, outsider=404, requester=403),
    "archived": signed_in(200),
}


def members(status, base):
    """Members and facilitators of an open community get `status`; everyone else may not."""
    if base == "archived":
        return signed_in(403)
    extra = {"outsider": 404} if base == "sub_private" else {}
    return signed_in(403, member=status, facilitator=status, **extra)


def moderators(status, base):
    extra = {"outsider": 404} if base == "sub_private" else {}
    return signed_in(403, facilitator=status, admin=status, **extra)


def page(w):
    return {"slug": w.community.slug, "page": w.extra["page"].slug}


def revision_1(w):
    return {**page(w), "number": 1}


def new_page(w):
    return {"title": "Speakers' notes", "body": "<p>Ten minutes each.</p>", "reason": ""}


def edit_page(w):
    return {
        "title": w.extra["page"].title,
        "body": "<p>Draft agenda: lunch at one.</p>",
        "reason": "Added lunch",
        "base_version": w.extra["page"].version,
    }


def revert_data(w):
    return {"reason": "", "base_version": w.extra["page"].version}


def rows_for(base):
    scenario = f"wiki_{base}"
    return {
        "index": Row("wikis:index", VIEW[base], scenario, kwargs=slug),
        "search": Row(
            "wikis:index", VIEW[base], scenario, kwargs=slug, query="q=agenda", note="search"
        ),
        "page": Row("wikis:page", VIEW[base], scenario, kwargs=page),
        "history": Row("wikis:history", VIEW[base], scenario, kwargs=page),
        "revision": Row("wikis:revision", VIEW[base], scenario, kwargs=revision_1),
        "compare": Row("wikis:compare", VIEW[base], scenario, kwargs=page, query="old=1&new=2"),
        "new": Row("wikis:new", members(200, base), scenario, kwargs=slug),
        "new POST": Row("wikis:new", members(302, base), scenario, "POST", slug, new_page),
        "edit": Row("wikis:edit", members(200, base), scenario, kwargs=page),
        "edit POST": Row("wikis:edit", members(302, base), scenario, "POST", page, edit_page),
        "revert": Row("wikis:revert", members(200, base), scenario, kwargs=revision_1),
        "revert POST": Row(
            "wikis:revert", members(302, base), scenario, "POST", revision_1, revert_data
        ),
        "delete": Row("wikis:delete", moderators(200, base), scenario, kwargs=page),
        "delete POST": Row("wikis:delete", moderators(302, base), scenario, "POST", page),
    }


# Every URL in a public and a private community; the sub-community and the archive only where
# they change the answer (hidden from outsiders; read-only but still moderated).
ROWS = [
    *rows_for("public").values(),
    *rows_for("private").values(),
    *(rows_for("sub_private")[key] for key in ("index", "page", "edit POST")),
    *(
        rows_for("archived")[key]
        for key in ("page", "edit", "new POST", "revert POST", "delete POST")
    ),
]
