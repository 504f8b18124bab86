"""Every API URL × every role × (public, private, sub-community of private, archived, features
switched off), with the site's session (the runner signs each role in); tokens are checked in
tests/api/test_auth.py. Signed out and suspended: 401 (the API never redirects to sign in).

404 = hidden (not listed, or the feature switched off); 403 = listed but private (only members
see the content), or visible but not allowed; 422 = the service refused (already asked to join,
the last facilitator cannot leave).
"""

from tests.api import worlds  # noqa: F401  (registers the api_* scenarios)
from tests.permissions.matrix import Row, expect, signed_in

ROWS = []
BASES = ("public", "private", "sub_private", "archived")
JSON = "application/json"


def api(status, **overrides):
    """Signed-in roles get `status`; signed out and suspended 401."""
    return signed_in(status, anonymous=401, suspended=401, **overrides)


def rows(url_name, statuses, *, method="GET", kwargs=None, data=None, note=""):
    for base, expected in statuses.items():
        ROWS.append(
            Row(
                f"api:v1:{url_name}",
                scenario=f"api_{base}",
                method=method,
                kwargs=kwargs or slug,
                data=data,
                note=note,
                content_type=JSON if method == "POST" else "",
                expect=expected,
            )
        )


def slug(w):
    return {"slug": w.community.slug}


def item(key, name, attr="pk"):
    return lambda w: {"slug": w.community.slug, name: getattr(w.extra[key], attr)}


# Content: everyone signed in in a public or archived community; in a private one the listed
# roles get 403 and members and site admins 200; a sub-community of a private one is not even
# listed to outsiders.
CONTENT = {
    "public": api(200),
    "private": api(200, outsider=403, requester=403),
    "sub_private": api(200, outsider=404, requester=403),
    "archived": api(200),
    "nofeature": api(404),
}
COMMUNITY = {
    "public": api(200),
    "private": api(200),
    "sub_private": api(200, outsider=404),
    "archived": api(200),
}
# Posting: members of an open community only (site admins are not members here).
POST = {
    "public": api(403, member=201, facilitator=201),
    "private": api(403, member=201, facilitator=201),
    "sub_private": api(403, outsider=404, member=201, facilitator=201),
    "archived": api(403),
    "nofeature": api(404),
}
JOIN = {
    "public": api(200),
    # requester already asked: the service says so (422); site admins may ask too.
    "private": api(200, requester=422),
    # admin is no member of the private parent, so may not join the sub-community.
    "sub_private": api(200, outsider=404, requester=422, admin=403),
    "archived": api(403, member=200, facilitator=200),
}
LEAVE = {
    "public": api(403, member=200, facilitator=422),
    "private": api(403, member=200, facilitator=422),
    "sub_private": api(403, outsider=404, member=200, facilitator=422),
    "archived": api(403, member=200, facilitator=422),
}
SITE = {"private": api(200), "public": api(200)}

rows("community", COMMUNITY)
rows("members", {k: v for k, v in CONTENT.items() if k != "nofeature"})
rows("join", JOIN, method="POST", data={"reason": "I run a panel."})
rows(
    "join",
    {"private": api(422, member=200, facilitator=200, requester=422, admin=422)},
    method="POST",
    data={},
    note="private, no reason given",
)
rows("leave", LEAVE, method="POST")
rows("topics", CONTENT)
rows("topics", POST, method="POST", data={"title": "Hello", "body": "<p>Hi all</p>"})
rows(
    "topics",
    {"public": api(422)},
    method="POST",
    data={"title": 3},
    note="invalid body",
)
rows("topic", CONTENT, kwargs=item("topic", "topic_id"))
rows("replies", CONTENT, kwargs=item("topic", "topic_id"))
rows("replies", POST, method="POST", kwargs=item("topic", "topic_id"), data={"body": "<p>Yes</p>"})
rows("blog_entries", CONTENT)
rows("wiki_pages", CONTENT)
rows("wiki_page", CONTENT, kwargs=item("wiki", "page_slug", "slug"))
rows("wiki_revisions", CONTENT, kwargs=item("wiki", "page_slug", "slug"))
rows("documents", CONTENT)
rows("document", CONTENT, kwargs=item("document", "document_id"))
rows("document_file", CONTENT, kwargs=item("document", "document_id"))
rows("events", CONTENT)
rows("event", CONTENT, kwargs=item("event", "event_id"))
rows("event_ical", CONTENT, kwargs=item("event", "event_id"))
rows("polls", CONTENT)
rows("poll", CONTENT, kwargs=item("poll", "poll_id"))
for name in ("communities", "search", "activity", "notifications", "me"):
    ROWS.extend(
        Row(f"api:v1:{name}", scenario=f"api_{base}", expect=statuses)
        for base, statuses in SITE.items()
    )
ROWS.append(
    Row(
        "api:v1:search",
        scenario="api_private",
        query="q=templates&date_from=soon",
        note="invalid date",
        expect=api(422),
    )
)
ROWS.append(
    Row(
        "api:v1:communities",
        scenario="api_private",
        query="cursor=forged",
        note="bad cursor",
        expect=api(400),
    )
)
# The documentation and the schema are public.
ROWS += [
    Row("api:docs", scenario="site", expect=expect(200)),
    Row("api:v1:openapi-json", scenario="site", expect=expect(200)),
    Row("api:v1:api-root", scenario="site", expect=expect(200)),
    Row("api:not_found", scenario="site", kwargs={}, expect=expect(404)),
    # A member's own tokens page; revoking someone else's token is a 404.
    Row("api:tokens", scenario="site", expect=signed_in(200)),
    Row(
        "api:tokens",
        scenario="site",
        method="POST",
        data={"name": "Script", "scope": "read", "days": "30"},
        expect=signed_in(200),
    ),
    Row(
        "api:tokens",
        scenario="site",
        method="POST",
        data={"name": "", "scope": "root", "days": "7"},
        note="invalid: form shown again",
        expect=signed_in(400),
    ),
]
for base in ("public",):
    ROWS.append(
        Row(
            "api:token_revoke",
            scenario=f"api_{base}",
            method="POST",
            kwargs=lambda w: {"pk": w.extra["token"].pk},
            expect=signed_in(404, member=302),
        )
    )
    ROWS.append(
        Row(
            "api:token_revoke",
            scenario=f"api_{base}",
            kwargs=lambda w: {"pk": w.extra["token"].pk},
            note="GET is not allowed",
            expect=signed_in(405),
        )
    )
