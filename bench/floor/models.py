"""The floor's table: 100,000 plain rows, made by bench/pages.py (not a migration: this app
is installed only under bench/pages_settings.py)."""

from django.db import models


class FloorRow(models.Model):
    title = models.CharField(max_length=200)
    body = models.TextField()
    created = models.DateTimeField()

    class Meta:
        app_label = "floor"
        managed = False
        db_table = "bench_floor_row"
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.title
