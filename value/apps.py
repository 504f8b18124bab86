from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValueConfig(AppConfig):
    name = "value"
    verbose_name = _("Evidence of value and sponsor reports")
