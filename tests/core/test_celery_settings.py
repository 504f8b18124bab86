"""The worker rides out a broker outage: it keeps reconnecting however long Redis is away, and a
lost connection does not cancel the tasks it is running (docs/deployment.md, "What survives an
outage"). The integration tests restart a real Redis; these pin the settings that make a long
outage survivable, which no test outage lasts long enough to show."""

from django.conf import settings

from cop_platform.celery import app


def test_the_worker_reconnects_for_as_long_as_the_broker_is_away():
    assert app.conf.broker_connection_max_retries is None
    assert app.conf.broker_connection_retry is True
    assert app.conf.broker_connection_retry_on_startup is True
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is False


def test_a_killed_workers_tasks_come_back_within_minutes():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 600
    assert settings.CELERY_TASK_ACKS_LATE is True
