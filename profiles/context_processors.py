from .models import Participant


class _UnreadCount:
    """Counted at most once per request, and only if a template asks (one indexed query)."""

    def __init__(self, user):
        self.user = user
        self.value = None

    def __call__(self):
        if self.value is None:
            self.value = Participant.objects.filter(user=self.user).unread().count()
        return self.value


def messaging(request):
    """`unread_conversations` for the navigation's Messages link; nothing for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_conversations": _UnreadCount(user)}
