from django.apps import AppConfig


class FindingConfig(AppConfig):
    name = "finding"
    verbose_name = "Recommendations, newcomer paths and question routing"
