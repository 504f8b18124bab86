from django.apps import AppConfig


class RichTextConfig(AppConfig):
    name = "richtext"
    verbose_name = "Rich text and attachments"
