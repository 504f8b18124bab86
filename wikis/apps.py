from django.apps import AppConfig


class WikisConfig(AppConfig):
    name = "wikis"
    verbose_name = "Wikis"
