from django.apps import AppConfig, apps


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from .exports import register_exports

        register_exports()
        # The "Coming up in my communities" panel on My home.
        from . import home  # noqa: F401

        # Events are searchable and taggable once the search app is installed.
        if apps.is_installed("search"):
            from . import search  # noqa: F401
