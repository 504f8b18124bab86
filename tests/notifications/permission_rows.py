from tests.notifications.factories import NotificationFactory
from tests.permissions.matrix import Row, signed_in


def members_notification(w):
    return {"pk": NotificationFactory(user=w.users["member"]).pk}


ROWS = [
    Row("notifications:index", expect=signed_in(200)),
    Row(
        "notifications:open",
        method="POST",
        kwargs=members_notification,
        expect=signed_in(404, member=302),
        note="only its owner can open it",
    ),
    Row("notifications:open", kwargs=members_notification, expect=signed_in(405)),
    Row("notifications:mark_read", method="POST", expect=signed_in(302)),
    Row("notifications:mark_read", expect=signed_in(405)),
]
