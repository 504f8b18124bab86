from django.utils.functional import SimpleLazyObject, cached_property

from core.queries import count_together
from core.roles import is_signed_in
from notifications.models import Notification

from .models import Participant


class _Counters:
    """The navigation's unread messages and notifications, counted together in one query, at
    most once per request and only if a template shows one of them."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def values(self):
        return count_together(
            Participant.objects.filter(user=self.user).unread(),
            Notification.objects.shown_to(self.user).unread(),
        )

    def conversations(self):
        return self.values[0]


def navigation(request):
    """`unread_conversations` (the Messages link) and `unread_notification_count` (the bell);
    nothing for visitors."""
    user = getattr(request, "user", None)
    if not is_signed_in(user):
        return {}
    counters = _Counters(user)
    return {
        "unread_conversations": counters.conversations,
        "unread_notification_count": SimpleLazyObject(lambda: counters.values[1]),
    }
