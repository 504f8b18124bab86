from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = "Activity"

    def ready(self):
        from communities import signals

        from . import home  # noqa: F401  (the "What's happening" panel on My home)
        from .services import record

        def log(sender, **kwargs):
            kwargs.pop("signal", None)
            record(**kwargs)

        signals.happened.connect(log, weak=False, dispatch_uid="activity_log_communities")
