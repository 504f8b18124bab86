"""Every communities URL × every role × (public, private, sub-community of private, archived).

Reading guide: 404 = the community is hidden from this person; 403 = they can see it exists
but may not do this (a private community shows its "ask to join" page with status 403);
302 = signed out (to sign-in) or done (redirect after a POST / to the right page).
"""

from tests.communities import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import per_scenario, signed_in


def request_pk(w):
    return {"slug": w.community.slug, "pk": w.extra["request"].pk}


def member_id(w):
    return {"slug": w.community.slug, "user_id": w.users["member"].pk}


def invitation_pk(w):
    return {"slug": w.community.slug, "pk": w.extra["invitation"].pk}


def token(w):
    return {"token": w.extra["invitation"].token}


def pk(w):
    return {"pk": w.community.pk}


def settings_data(w):
    return {
        "name": w.community.name,
        "short_description": "Updated description.",
        "domain": "Updated domain.",
        "visibility": w.community.visibility,
        "features": ["forum", "wiki"],
        "welcome_message": "Hello.",
        "ground_rules": "Be kind.",
        "base_version": w.community.edit_version,
    }


SUB_DATA = {
    "name": "A New Task Group",
    "short_description": "A task group.",
    "domain": "Delivering a report.",
    "visibility": "private",
    "features": ["forum"],
}

ROWS = []


def rows(url_name, **row):
    ROWS.extend(per_scenario(url_name, **row))


# Who sees what of a community: public to all; private → listed (ask-to-join page, 403) to
# outsiders and requesters; sub-community of a private one → hidden (404) from non-members of
# the parent, and the ask-to-join page for the parent's members (the requester).
VIEW = {
    "public": signed_in(200),
    "private": signed_in(200, outsider=403, requester=403),
    "sub_private": signed_in(200, outsider=404, requester=403),
    "archived": signed_in(200),
}
# Facilitator pages: facilitators and site admins only.
FACILITATE = {
    "public": signed_in(403, facilitator=200, admin=200),
    "private": signed_in(403, facilitator=200, admin=200),
    "sub_private": signed_in(403, outsider=404, facilitator=200, admin=200),
    "archived": signed_in(403, facilitator=200, admin=200),
}
# Facilitator actions (POST, then back to the tool page).
FACILITATE_POST = {
    name: {**statuses, "facilitator": 302, "admin": 302} for name, statuses in FACILITATE.items()
}

rows("communities:home", **VIEW)
rows("communities:rules", **VIEW)
rows("communities:members", **VIEW)
# No photo uploaded: those who may see the community get 404 for the missing image, never the
# image of a community they cannot see (photo serving is tested in test_views).
rows(
    "communities:photo",
    public=signed_in(404),
    private=signed_in(404, outsider=403, requester=403),
    sub_private=signed_in(404, outsider=404, requester=403),
)

# Joining: the confirmation page with ground rules for public communities; everyone else is
# sent to the right place (the request form, or home if already a member).
rows(
    "communities:join",
    public=signed_in(200, member=302, facilitator=302),
    private=signed_in(302),
    sub_private=signed_in(302, outsider=404, admin=403),
    archived=signed_in(403, member=302, facilitator=302),
)
rows(
    "communities:join",
    method="POST",
    public=signed_in(302),
    private=signed_in(302),
    sub_private=signed_in(302, outsider=404, admin=403),
    archived=signed_in(403, member=302, facilitator=302),
)
rows(
    "communities:request",
    public=signed_in(302),
    private=signed_in(200, member=302, facilitator=302),
    # The site admin is not a member of the private parent, so cannot ask to join the sub.
    sub_private=signed_in(200, outsider=404, member=302, facilitator=302, admin=403),
    archived=signed_in(302, outsider=403, requester=403, admin=403),
)
rows(
    "communities:request",
    method="POST",
    data={"reason": "I lead a team doing this work."},
    public=signed_in(302),
    # The requester already has a request waiting: the page shows it instead.
    private=signed_in(302, requester=200),
    sub_private=signed_in(302, outsider=404, requester=200, admin=403),
)
rows(
    "communities:request_withdraw",
    method="POST",
    public=signed_in(302),
    private=signed_in(302),
    sub_private=signed_in(302, outsider=404),
)
rows(
    "communities:request_withdraw",
    method="GET",
    private=signed_in(405),
)
rows(
    "communities:leave",
    public=signed_in(200, outsider=403, requester=403, admin=403),
    private=signed_in(200, outsider=403, requester=403, admin=403),
    sub_private=signed_in(200, outsider=404, requester=403, admin=403),
)
rows(
    "communities:leave",
    method="POST",
    public=signed_in(302, outsider=403, requester=403, admin=403),
    private=signed_in(302, outsider=403, requester=403, admin=403),
    sub_private=signed_in(302, outsider=404, requester=403, admin=403),
)

# Facilitator tools.
rows("communities:stage", **FACILITATE)
rows(
    "communities:stage",
    method="POST",
    data={"stage": "sustain", "note": "Members now run the monthly calls."},
    **FACILITATE_POST,
)
# A closed-down community takes no new sub-communities, not even from its facilitators.
CLOSED = signed_in(403)
rows("communities:subcommunity_new", **{**FACILITATE, "archived": CLOSED})
rows(
    "communities:subcommunity_new",
    method="POST",
    data=SUB_DATA,
    **{**FACILITATE_POST, "archived": CLOSED},
)
rows("communities:manage", **FACILITATE)
rows("communities:manage", method="POST", data=settings_data, **FACILITATE_POST)
rows("communities:requests", **FACILITATE)
rows("communities:invite", **FACILITATE)
rows(
    "communities:invite",
    method="POST",
    data={"target": "new.person@example.org"},
    public=FACILITATE_POST["public"],
    private=FACILITATE_POST["private"],
    # Only members of the private parent may be invited to the sub: re-shown with the error.
    sub_private={**FACILITATE["sub_private"]},
)
rows(
    "communities:request_decide",
    method="POST",
    kwargs=request_pk,
    data={"decision": "approve", "message": "Welcome!"},
    private=FACILITATE_POST["private"],
    sub_private=FACILITATE_POST["sub_private"],
)
rows(
    "communities:member_remove",
    method="POST",
    kwargs=member_id,
    data={"message": ""},
    public=FACILITATE_POST["public"],
    private=FACILITATE_POST["private"],
    sub_private=FACILITATE_POST["sub_private"],
)
rows(
    "communities:member_role",
    method="POST",
    kwargs=member_id,
    data={"role": "facilitator"},
    public=FACILITATE_POST["public"],
    private=FACILITATE_POST["private"],
    sub_private=FACILITATE_POST["sub_private"],
)
rows(
    "communities:invitation_revoke",
    method="POST",
    kwargs=invitation_pk,
    private=FACILITATE_POST["private"],
    sub_private=FACILITATE_POST["sub_private"],
)

# The invitee's side: only the person invited can open their invitation.
rows("communities:invitation", kwargs=token, private=signed_in(404, outsider=200))
rows("communities:invitation", kwargs=token, sub_private=signed_in(404, requester=200))
rows(
    "communities:invitation_accept",
    method="POST",
    kwargs=token,
    private=signed_in(404, outsider=302),
)
rows(
    "communities:invitation_decline",
    method="POST",
    kwargs=token,
    private=signed_in(404, outsider=302),
)

# Site-wide pages.
rows("communities:directory", kwargs={}, site=signed_in(200), private=signed_in(200))
rows("communities:propose", kwargs={}, site=signed_in(200))
rows(
    "communities:propose",
    method="POST",
    kwargs={},
    data={
        "name": "Climate Adaptation Officers",
        "short_description": "Planning for flooding and heat.",
        "domain": "Local climate adaptation.",
        "purpose": "Share adaptation plans.",
        "intended_members": "Climate officers.",
        "visibility": "public",
    },
    site=signed_in(302),
)
rows("communities:mine", kwargs={}, site=signed_in(200))
rows("communities:review", kwargs={}, site=signed_in(403, admin=200))
rows("communities:review_detail", kwargs=pk, pending=signed_in(403, admin=200))
rows("communities:review_approve", method="POST", kwargs=pk, pending=signed_in(403, admin=302))
rows(
    "communities:review_reject",
    method="POST",
    kwargs=pk,
    data={"reason": "Please merge this with the existing Climate CoP."},
    pending=signed_in(403, admin=302),
)
rows("communities:review_approve", method="GET", kwargs=pk, pending=signed_in(403, admin=405))
