from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # Adapters for apps that do not register their own (forums, blogs).
        from . import adapters  # noqa: F401
