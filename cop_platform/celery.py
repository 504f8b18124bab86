"""The Celery app and the one place where periodic (beat) schedules are declared."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_platform.settings.dev")

app = Celery("cop_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Broker outages (docs/deployment.md, "What survives an outage"). A worker that loses Redis keeps
# reconnecting for as long as it takes: kombu's default gives up after 100 attempts (about 45
# minutes of backoff) with "Unrecoverable error" and the worker exits for good. It also waits for
# Redis when it starts before Redis does. Tasks running when the connection drops finish; their
# messages go back on the queue (they could not be acknowledged) and run again, which is safe
# because every task is idempotent. Cancelling them instead
# (worker_cancel_long_running_tasks_on_connection_loss) is the reconnect path that Celery's
# maintainers list as able to crash the worker's main process, so it stays off.
app.conf.update(
    broker_connection_retry=True,
    broker_connection_retry_on_startup=True,
    broker_connection_max_retries=None,
    worker_cancel_long_running_tasks_on_connection_loss=False,
)
# The outbox relay lives outside core/tasks.py; workers import it so beat's entry can run.
app.conf.imports = ("core.relay",)

# Every periodic task (alert digests, news fetching…) is scheduled here and nowhere else.
app.conf.beat_schedule = {
    # The health page's evidence that beat schedules and a worker runs (core/health_page.py):
    # it fails once the last tick is older than HEALTH_BEAT_MAX_AGE (15 minutes by default).
    "core-beat-tick": {
        "task": "core.tasks.beat_tick",
        "schedule": 300.0,
        "options": {"expires": 300},
    },
    # The outbox relay (core/handoff.py): hands to the broker every task recorded while it was
    # down. Expires after one period, so a busy or stopped worker never piles up relays.
    "core-relay-outbox": {
        "task": "core.relay.relay_outbox",
        "schedule": 15.0,
        "options": {"expires": 15},
    },
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
    # The weekly facilitator email (facilitation/weekly.py), in CELERY_TIMEZONE: Mondays at 07:30,
    # once the weekly digests are on their way.
    "facilitation-weekly-email": {
        "task": "facilitation.tasks.send_weekly_emails",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    # Recommendations (finding/recommend.py): what every community is about, nightly at 02:30;
    # askers of questions that waited past their community's time are told hourly.
    "finding-refresh-terms": {
        "task": "finding.tasks.refresh_all_terms",
        "schedule": crontab(hour=2, minute=30),
    },
    "finding-nudge-askers": {
        "task": "finding.tasks.nudge_askers",
        "schedule": crontab(minute=20),
    },
    # Visits queued in the cache, written to the database (facilitation/visits.py).
    "facilitation-flush-visits": {
        "task": "facilitation.tasks.flush_visits",
        "schedule": 60.0,
        "options": {"expires": 60},
    },
    # News feeds (news/tasks.py): queue a fetch of every feed that is due, twice an hour.
    "news-fetch-due-feeds": {
        "task": "news.tasks.fetch_due_feeds",
        "schedule": crontab(minute="5,35"),
    },
}
