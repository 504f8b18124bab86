from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from django.db.models.signals import post_migrate

        # Registers the "My communities" panel on My home.
        from . import home  # noqa: F401
        from .sight import connect
        from .statistics import keep_community_statistics_short

        connect()
        post_migrate.connect(
            keep_community_statistics_short, sender=self, dispatch_uid="community-statistics"
        )
