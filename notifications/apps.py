from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from communities import signals

        from .services import notify

        def tell(sender, **kwargs):
            kwargs.pop("signal", None)
            notify(**kwargs)

        signals.tell.connect(tell, weak=False, dispatch_uid="notifications_tell")
