from django.apps import AppConfig


class WikisConfig(AppConfig):
    name = "wikis"
    verbose_name = "Wikis"

    def ready(self):
        from .exports import register_exports

        register_exports()
        from search.registry import register

        from .models import WikiPage
        from .search import WikiPageAdapter

        register(WikiPage, WikiPageAdapter())
