"""Feeds × every role. Feed readers cannot sign in: the token in the address decides, whoever
fetches it (so each role gets the same answer). The member's token reads what the member may
see; the outsider's token reads nothing private; a made-up token reads nothing at all."""

from feeds.models import FeedToken
from tests.forums import worlds  # noqa: F401  (registers the scenarios)
from tests.permissions.matrix import Row, expect, signed_in

everyone = expect(default=200)
nobody = expect(default=404)


def token_of(role):
    def make(w):
        return FeedToken.objects.get_or_create(user=w.users[role])[0].token

    return make


def forum(role, fmt="rss"):
    return lambda w: {"token": token_of(role)(w), "slug": w.community.slug, "fmt": fmt}


def topic(role):
    return lambda w: {
        "token": token_of(role)(w),
        "slug": w.community.slug,
        "pk": w.extra["topic"].pk,
        "fmt": "atom",
    }


ROWS = [
    Row("feeds:settings", expect=signed_in(200)),
    Row("feeds:regenerate", method="POST", expect=signed_in(302)),
    Row("feeds:revoke", method="POST", expect=signed_in(302)),
    Row("feeds:forum", scenario="conv_private", kwargs=forum("member"), expect=everyone),
    Row(
        "feeds:forum",
        scenario="conv_private",
        kwargs=forum("outsider", "atom"),
        expect=nobody,
        note="a non-member's token",
    ),
    Row(
        "feeds:forum",
        scenario="conv_private",
        expect=nobody,
        note="a made-up token",
        kwargs=lambda w: {"token": "x" * 43, "slug": w.community.slug, "fmt": "rss"},
    ),
    Row("feeds:topic", scenario="conv_sub_private", kwargs=topic("member"), expect=everyone),
    Row(
        "feeds:topic",
        scenario="conv_sub_private",
        kwargs=topic("requester"),
        expect=nobody,
        note="member of the parent only",
    ),
    Row(
        "feeds:community_blog",
        scenario="conv_private",
        expect=everyone,
        kwargs=lambda w: {"token": token_of("member")(w), "slug": w.community.slug, "fmt": "rss"},
    ),
    Row(
        "feeds:user_blog",
        scenario="conv_private",
        expect=nobody,
        note="the entry is private",
        kwargs=lambda w: {"token": token_of("outsider")(w), "username": "member9999", "fmt": "rss"},
    ),
    Row(
        "feeds:user_blog",
        scenario="conv_private",
        expect=everyone,
        kwargs=lambda w: {
            "token": token_of("outsider")(w),
            "username": w.users["member"].username,
            "fmt": "rss",
        },
        note="outsider's token: the blog's feed, without the private entry",
    ),
]
