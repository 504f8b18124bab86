from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "activity"
    verbose_name = "Activity"

    def ready(self):
        # Registers the "What's happening" panel on My home.
        from . import home  # noqa: F401
