from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = _("Activity")

    def ready(self):
        from communities import signals

        from . import home  # noqa: F401  (the "What's happening" panel on My home)
        from .services import record

        def log(sender, **kwargs):
            kwargs.pop("signal", None)
            record(**kwargs)

        signals.happened.connect(log, weak=False, dispatch_uid="activity_log_communities")
