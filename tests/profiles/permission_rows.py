"""Every profiles URL × every role.

Reading guide: 404 = the person or conversation is hidden from this role (someone who blocked
you; a conversation you are not in, whoever you are, site admins included); 403 = allowed to
see but not to do (messaging someone you blocked); 405 = wrong method; 302 = sign in first
(anonymous, suspended) or done (after a POST).
"""

from tests.accounts.factories import PASSWORD
from tests.permissions.matrix import Row, expect, signed_in
from tests.profiles import worlds  # noqa: F401  (registers the "people" scenario)

P = "people"
# Olive blocked the requester, so to them she does not exist.
olive_pages = signed_in(200, requester=404)
olive_actions = signed_in(302, requester=404)
post_only = signed_in(405)
# Only the two people in the conversation (never site admins) can open it.
participants = expect(default=404, member=200, facilitator=200, anonymous=302, suspended=302)
participants_post = expect(default=404, member=302, facilitator=302, anonymous=302, suspended=302)


def olive(w):
    return {"username": w.extra["owner"].username}


def convo(w):
    return {"pk": w.extra["conversation"].pk}


PROFILE = {
    "name": "Changed Name",
    "job_title": "Adoption Team Manager",
    "organisation": "Somerset Council",
    "location": "Taunton",
    "region": "south-west",
    "expertise": "adoption policy",
    "interests": "procurement",
    "bio": "Hello.",
    "email_visibility": "contacts",
    "phone": "",
    "phone_visibility": "contacts",
    "website": "",
    "website_visibility": "members",
    "social_links": "",
    "social_links_visibility": "members",
    "base_version": 1,  # every profile in the world is as it was created
}

ROWS = [
    # People finder and profiles
    Row("profiles:finder", scenario=P, expect=signed_in(200)),
    Row("profiles:finder", scenario=P, query="expertise=adoption&region=yorkshire",
        expect=signed_in(200), note="a search"),
    Row("profiles:finder", scenario=P, query="region=atlantis", expect=signed_in(200),
        note="invalid search: errors shown"),
    Row("profiles:like_me", scenario=P, expect=signed_in(200)),
    Row("profiles:detail", scenario=P, kwargs=olive, expect=olive_pages),
    Row("profiles:detail", scenario=P, kwargs={"username": "nobody-here"}, expect=signed_in(404),
        note="no such member"),
    Row("profiles:photo", scenario=P, kwargs=olive, expect=olive_pages),
    Row("profiles:contact_add", scenario=P, method="POST", kwargs=olive, expect=olive_actions),
    Row("profiles:contact_add", scenario=P, kwargs=olive, expect=post_only, note="GET"),
    Row("profiles:contact_remove", scenario=P, method="POST", kwargs=olive, expect=olive_actions),
    Row("profiles:contact_remove", scenario=P, kwargs=olive, expect=post_only, note="GET"),
    Row("profiles:block", scenario=P, method="POST", kwargs=olive, expect=olive_actions),
    Row("profiles:block", scenario=P, kwargs=olive, expect=post_only, note="GET"),
    Row("profiles:unblock", scenario=P, method="POST", kwargs=olive, expect=olive_actions),
    Row("profiles:unblock", scenario=P, kwargs=olive, expect=post_only, note="GET"),
    # My profile and its tabs
    Row("profiles:me", scenario=P, expect=signed_in(200)),
    Row("profiles:edit", scenario=P, expect=signed_in(200)),
    Row("profiles:edit", scenario=P, method="POST", data=PROFILE, expect=signed_in(302)),
    Row("profiles:edit", scenario=P, method="POST", data={**PROFILE, "website": "nope"},
        expect=signed_in(200), note="invalid: form shown again"),
    Row("profiles:photo_edit", scenario=P, expect=signed_in(200)),
    Row("profiles:photo_edit", scenario=P, method="POST", expect=signed_in(200),
        note="no file: form shown again"),
    Row("profiles:photo_remove", scenario=P, method="POST", expect=signed_in(302)),
    Row("profiles:photo_remove", scenario=P, expect=post_only, note="GET"),
    Row("profiles:contacts", scenario=P, expect=signed_in(200)),
    Row("profiles:blocked", scenario=P, expect=signed_in(200)),
    Row("profiles:my_communities", scenario=P, expect=signed_in(200)),
    Row("profiles:data", scenario=P, expect=signed_in(200)),
    Row("profiles:data_download", scenario=P, method="POST", expect=signed_in(200)),
    Row("profiles:data_download", scenario=P, expect=post_only, note="GET"),
    Row("profiles:delete", scenario=P, expect=signed_in(200)),
    Row("profiles:delete", scenario=P, method="POST", data={"password": "wrong"},
        expect=signed_in(200), note="wrong password: nothing deleted"),
    Row("profiles:delete", scenario=P, method="POST", data={"password": PASSWORD},
        expect=signed_in(302), note="deletes the account"),
    # Messages
    Row("profiles:inbox", scenario=P, expect=signed_in(200)),
    Row("profiles:archived", scenario=P, expect=signed_in(200)),
    Row("profiles:compose", scenario=P, kwargs=olive, expect=olive_pages),
    Row("profiles:compose", scenario=P, method="POST", kwargs=olive,
        data={"subject": "Hello", "body": "Hi Olive"}, expect=olive_actions),
    Row("profiles:compose", scenario=P, method="POST", kwargs=olive,
        data={"subject": "Hello", "body": ""}, expect=olive_pages,
        note="empty message: form shown again"),
    Row("profiles:conversation", scenario=P, kwargs=convo, expect=participants),
    Row("profiles:conversation", scenario=P, method="POST", kwargs=convo,
        data={"body": "A reply"}, expect=participants_post),
    Row("profiles:archive", scenario=P, method="POST", kwargs=convo, expect=participants_post),
    Row("profiles:archive", scenario=P, kwargs=convo, expect=post_only, note="GET"),
    Row("profiles:unarchive", scenario=P, method="POST", kwargs=convo, expect=participants_post),
    Row("profiles:unarchive", scenario=P, kwargs=convo, expect=post_only, note="GET"),
]  # fmt: skip
