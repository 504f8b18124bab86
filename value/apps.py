from django.apps import AppConfig


class ValueConfig(AppConfig):
    name = "value"
    verbose_name = "Evidence of value and sponsor reports"
