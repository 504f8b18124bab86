from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = "Communities"

    def ready(self):
        # Registers the "My communities" panel on My home.
        from . import home  # noqa: F401
        from .sight import connect

        connect()
