from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikisConfig(AppConfig):
    name = "wikis"
    verbose_name = _("Wikis")
