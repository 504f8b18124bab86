from django.utils.functional import SimpleLazyObject, cached_property

from communities.querysets import compiled_for_sight
from core.queries import count_together, counts_sql
from core.roles import is_signed_in
from notifications.models import Notification

from .models import Participant


class _Counters:
    """The navigation's unread messages and notifications, counted together in one query, at
    most once per request and only if a template shows one of them. The query's SQL depends
    only on the member and what they may see, so it is compiled once for each state of that
    (compiled_for_sight) rather than on every page."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def values(self):
        compiled = compiled_for_sight(self.user, "navigation counters", self._sql)
        if not compiled:
            return count_together(*self._querysets())
        return count_together(compiled=compiled)

    def _querysets(self):
        return (
            Participant.objects.filter(user=self.user).unread(),
            Notification.objects.shown_to(self.user).unread(),
        )

    def _sql(self):
        return counts_sql(*self._querysets())

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
