from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        # Registers the "My communities" panel on My home.
        from . import home  # noqa: F401
        from .sight import connect

        connect()
