"""Every tags URL × every role. Tags belong to items, so their pages follow the item's rule:
an item you cannot see is not there (404), whether its community is listed to you or not; one
you can see but not tag (not a member, or an archive) is 403."""

from tests.permissions.matrix import Row, signed_in
from tests.wikis import worlds  # noqa: F401  (registers the scenarios)


def item(w):
    return {"kind": "wiki", "pk": w.extra["page"].pk}


def item_tag(w):
    return {**item(w), "tag": w.extra["tag"].slug}


def tag_page(w):
    return {"tag": w.extra["tag"].slug}


def private_tag_page(w):
    return {"tag": w.extra["private_tag"].slug}


ADD = {"names": "agenda, events"}

# Members may tag; in a private community nobody else can even see the page.
TAGGERS = {
    "wiki_public": signed_in(403, member=None, facilitator=None),
    "wiki_private": signed_in(404, admin=403, member=None, facilitator=None),
    "wiki_archived": signed_in(403),
}


def taggers(status, scenario):
    return {role: status if s is None else s for role, s in TAGGERS[scenario].items()}


# Remove: the page's author (`member`), facilitators and site admins; the tag was added by the
# facilitator.
REMOVERS = {
    "wiki_public": signed_in(403, member=302, facilitator=302, admin=302),
    "wiki_private": signed_in(404, member=302, facilitator=302, admin=302),
    "wiki_archived": signed_in(403, facilitator=302, admin=302),
}

ROWS = [
    Row("tags:all", signed_in(200), "wiki_private"),
    Row("tags:tag", signed_in(200), "wiki_public", kwargs=tag_page),
    Row("tags:tag", signed_in(200), "wiki_public", kwargs=tag_page, query="type=wiki"),
    Row(
        "tags:tag",
        signed_in(404, member=200, facilitator=200, admin=200),
        "wiki_private",
        kwargs=private_tag_page,
        note="a tag used only in a private community",
    ),
    Row(
        "tags:tag",
        signed_in(404, member=200, facilitator=200, admin=200),
        "wiki_sub_private",
        kwargs=private_tag_page,
        note="a tag used only in a private sub-community",
    ),
]
for scenario in TAGGERS:
    ROWS += [
        Row("tags:add", taggers(200, scenario), scenario, kwargs=item),
        Row("tags:add", taggers(302, scenario), scenario, "POST", kwargs=item, data=ADD),
        Row("tags:remove", REMOVERS[scenario], scenario, "POST", kwargs=item_tag),
    ]
ROWS.append(Row("tags:remove", signed_in(405), "wiki_public", kwargs=item_tag, note="GET"))
