from django.apps import AppConfig


class BlogsConfig(AppConfig):
    name = "blogs"
    verbose_name = "Blogs"

    def ready(self):
        from .exports import register_exports

        register_exports()
