from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("People and profiles")

    def ready(self):
        # Every new user gets a Profile row (see signals.py for why that one is a signal);
        # the "People and messages" panel on My home.
        from . import home, signals  # noqa: F401
