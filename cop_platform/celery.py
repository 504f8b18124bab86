"""The Celery app and the one place where periodic (beat) schedules are declared."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

app = Celery("cop_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic task (alert digests, news fetching…) is scheduled here and nowhere else.
app.conf.beat_schedule = {
    # Alert digests (alerts/digests.py), in CELERY_TIMEZONE (Europe/London): yesterday's daily
    # digest at 07:00 every day, last week's weekly digest at 07:00 on Mondays.
    "alerts-daily-digest": {
        "task": "alerts.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "alerts-weekly-digest": {
        "task": "alerts.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("weekly",),
    },
    # News feeds (news/tasks.py): queue a fetch of every feed that is due, twice an hour.
    "news-fetch-due-feeds": {
        "task": "news.tasks.fetch_due_feeds",
        "schedule": crontab(minute="5,35"),
    },
}
