from django.apps import AppConfig, apps


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Events are searchable and taggable once the search app is installed.
        if apps.is_installed("search"):
            from . import search  # noqa: F401
