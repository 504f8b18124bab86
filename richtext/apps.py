from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RichTextConfig(AppConfig):
    name = "richtext"
    verbose_name = _("Rich text and attachments")
