"""The Celery app and the one place where periodic (beat) schedules are declared."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

app = Celery("cop_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Later features (alert digests, news fetching) add their entries here and nowhere else.
app.conf.beat_schedule = {}
