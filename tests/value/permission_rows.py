"""Every value URL × every role × (public, private, sub-community of private, archived, wiki
switched off). The post is by `author` (no role); `member` has told a story about it, which the
facilitator asked to share; `author`'s story about a wiki page is shareable (tests/value/worlds.py).

404 = hidden; 403 = visible but not allowed (a private community shows its ask-to-join page);
302 = signed out (to sign-in) or done.
"""

from tests.permissions.matrix import Row, per_scenario, signed_in
from tests.value import worlds  # noqa: F401  (registers the value_* scenarios)

ROWS = []


def rows(url_name, **row):
    ROWS.extend(per_scenario(url_name, prefix="value_", **row))


def item(key):
    def kwargs(w):
        return {"kind": key, "pk": w.extra[key].pk}

    return kwargs


def story(key="story"):
    return lambda w: {"pk": w.extra[key].pk}


def in_community(key="story"):
    return lambda w: {"slug": w.community.slug, "pk": w.extra[key].pk}


# Who sees the item: everyone signed in in a public community; members (and site admins) in a
# private one. Who may say it helped: members of an open community (site admins are not).
HIDDEN = {
    "public": {},
    "private": {"outsider": 404, "requester": 404},
    "sub_private": {"outsider": 404, "requester": 404},
    "archived": {},
}
TELL_PAGE = {s: signed_in(403, member=200, facilitator=200, **HIDDEN[s]) for s in HIDDEN}
TELL_PAGE["archived"] = signed_in(403, member=200)  # the member sees their story, read-only
TELL = {s: signed_in(403, member=302, facilitator=302, **HIDDEN[s]) for s in HIDDEN}
TELL["archived"] = signed_in(403)
# Removing: only someone with a story about it (member); anyone else who sees the item, 404.
REMOVE = {s: signed_in(404, member=302) for s in HIDDEN}
# A story's own page and answer: its author only.
OWN = {s: signed_in(404, member=200) for s in HIDDEN}
ANSWER = {s: signed_in(404, member=302) for s in HIDDEN}
# Facilitators' pages (stories, reports): as the community's usage figures.
FACILITATE = {
    "public": signed_in(403, facilitator=200, admin=200),
    "private": signed_in(403, facilitator=200, admin=200),
    "sub_private": signed_in(403, outsider=404, facilitator=200, admin=200),
    "archived": signed_in(403, facilitator=200, admin=200),
}
ASK = {s: {**v, "facilitator": 302, "admin": 302} for s, v in FACILITATE.items()}
VALID = {"helped_with": "It helped me plan.", "saved_amount": "2", "saved_unit": "hours"}

rows("value:helped", kwargs=item("post"), **TELL_PAGE)
rows("value:helped", method="POST", kwargs=item("post"), data=VALID, **TELL)
rows(
    "value:helped",
    method="POST",
    kwargs=item("post"),
    data={**VALID, "saved_amount": "-2"},
    note="invalid: form shown again",
    public=signed_in(403, member=200, facilitator=200),
)
for key in ("wikipage", "event"):
    rows(
        "value:helped",
        kwargs=item(key),
        note=key,
        public=TELL_PAGE["public"],
        private=TELL_PAGE["private"],
    )
rows(
    "value:helped",
    kwargs=item("wikipage"),
    note="wiki switched off",
    nowiki=signed_in(404),
)
rows(
    "value:helped",
    method="POST",
    kwargs=item("wikipage"),
    data=VALID,
    note="wiki switched off",
    nowiki=signed_in(404),
)
rows("value:remove", method="POST", kwargs=item("post"), **REMOVE)
rows("value:remove", kwargs=item("post"), public=signed_in(405), note="GET is not allowed")
rows("value:story", kwargs=story(), **OWN, nowiki=signed_in(404, member=200))
rows(
    "value:story",
    kwargs=story("shared"),
    note="a story about a switched-off feature's item",
    nowiki=signed_in(404),
)
rows("value:answer", method="POST", kwargs=story(), data={"answer": "yes"}, **ANSWER)
rows(
    "value:answer",
    method="POST",
    kwargs=story(),
    data={"answer": "maybe"},
    note="no such answer",
    public=signed_in(404, member=302),
)
rows("value:stories", **FACILITATE)
rows("value:stories", query="show=shareable", note="?show=shareable", private=FACILITATE["private"])
rows(
    "value:stories", query="show=nonsense&page=99", note="odd filters", public=FACILITATE["public"]
)
rows("value:ask", method="POST", kwargs=in_community(), **ASK)
rows("value:report", **FACILITATE, nowiki=FACILITATE["public"])
rows(
    "value:report",
    query="start=2026-02-01&end=2026-01-01",
    note="invalid dates: the form explains",
    private=FACILITATE["private"],
)
rows("value:report_csv", **FACILITATE)
ROWS += [
    Row("value:site_report", expect=signed_in(403, admin=200), scenario="value_private"),
    Row(
        "value:site_report",
        expect=signed_in(403, admin=200),
        scenario="value_private",
        query="sort=-stories&start=2026-01-01&end=2026-01-31",
        note="sorted, a chosen period",
    ),
    Row("value:site_report_csv", expect=signed_in(403, admin=200), scenario="value_private"),
]
