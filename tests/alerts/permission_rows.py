"""Every alerts URL × every role. Unsubscribe links work signed out (the signed token is the
authority); following something needs sight of it."""

from alerts.services import unsubscribe_token
from tests.communities import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, expect, signed_in


def follow(w):
    return {
        "target": "communities.community",
        "target_id": w.community.pk,
        "feature": "",
        "frequency": "weekly",
        "next": "/",
    }


def follow_forum(w):
    return {**follow(w), "feature": "forum"}


def token(w):
    from alerts.services import subscribe

    subscribe(user=w.users["member"], target=w.community, frequency="daily")
    return {"token": unsubscribe_token(user=w.users["member"], kind="daily")}


ROWS = [
    Row("alerts:mine", expect=signed_in(200)),
    Row(
        "alerts:mine",
        method="POST",
        data={"action": "preferences", "default_frequency": "weekly"},
        expect=signed_in(302),
    ),
    Row(
        "alerts:mine",
        method="POST",
        data={"action": "preferences", "default_frequency": "hourly"},
        expect=signed_in(200),
        note="invalid: form shown again",
    ),
    Row("alerts:mine", method="POST", data={"action": "subscriptions"}, expect=signed_in(302)),
    Row("alerts:subscribe", expect=signed_in(405), scenario="public"),
    Row("alerts:subscribe", method="POST", data=follow, scenario="public", expect=signed_in(302)),
    Row(
        "alerts:subscribe",
        method="POST",
        data=follow_forum,
        scenario="public",
        expect=signed_in(302),
        note="the forum only",
    ),
    Row(
        "alerts:subscribe",
        method="POST",
        data=follow,
        scenario="private",
        expect=signed_in(302, outsider=404, requester=404),
    ),
    Row(
        "alerts:subscribe",
        method="POST",
        data=follow,
        scenario="sub_private",
        expect=signed_in(302, outsider=404, requester=404),
    ),
    Row("alerts:unsubscribe", kwargs=token, scenario="private", expect=expect(default=200)),
    Row(
        "alerts:unsubscribe",
        method="POST",
        kwargs=token,
        scenario="private",
        expect=expect(default=200),
    ),
    Row(
        "alerts:unsubscribe",
        kwargs={"token": "forged"},
        expect=expect(default=404),
        note="forged token",
    ),
]
