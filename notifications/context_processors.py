from django.utils.functional import SimpleLazyObject

from core.roles import is_signed_in

from .models import Notification


def unread(request):
    """The bell's unread count: one indexed COUNT, only for signed-in people, only if rendered."""
    user = getattr(request, "user", None)
    if not is_signed_in(user):
        return {}
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.shown_to(user).unread().count()
        )
    }
