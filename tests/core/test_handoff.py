"""The outbox (core/handoff.py): work recorded with the change, handed to Celery after the commit,
and relayed later when the broker could not take it. The broker here is either eager (tasks run
in-process, as in `make run`) or a Redis address nothing listens on (a broker that is down)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from cop_platform.celery import app
from core import handoff
from core.email import queue_templated_email
from core.models import OutboxTask
from tests.fixtures.services import free_port

pytestmark = pytest.mark.django_db

FEEDBACK = {"author": "Ada", "author_email": "ada@example.org", "message": "Hello", "page": "/"}


def feedback(to="team@example.org"):
    queue_templated_email(to=[to], template="core/email/feedback", context=FEEDBACK)


def use_broker(url):
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


# Publishing to a refused address, kombu connects three times, 2 s and 4 s apart (its default
# intervals, bounded by broker_connection_timeout), before it gives up: about 6 s a publish. Here
# the same three attempts are a tenth of a second apart; the error and the row left are the same.
QUICK_GIVE_UP = {"max_retries": 2, "interval_start": 0.1, "interval_step": 0, "interval_max": 0.1}


@pytest.fixture
def broker_down():
    """Tasks are published (not eager) to a Redis address where nothing listens."""
    conf = app.conf
    was = conf.task_always_eager, conf.broker_url, conf.broker_transport_options
    conf.task_always_eager = False
    conf.broker_transport_options = {**conf.broker_transport_options, **QUICK_GIVE_UP}
    use_broker(f"redis://127.0.0.1:{free_port()}/0")
    try:
        yield
    finally:
        conf.task_always_eager, url, conf.broker_transport_options = was
        use_broker(url)


def test_eager_work_runs_right_after_the_commit_and_its_row_is_marked_sent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            feedback()
            row = OutboxTask.objects.get()
            assert row.task_name == "core.tasks.send_email" and row.sent_at is None
            assert mail.outbox == []

    [message] = mail.outbox
    assert message.to == ["team@example.org"]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1
    assert row.kwargs["to"] == ["team@example.org"] and row.kwargs["context"] == FEEDBACK


def test_rolled_back_work_leaves_no_row_and_runs_nothing(django_capture_on_commit_callbacks):
    class Abandon(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Abandon), transaction.atomic():
            feedback()
            raise Abandon

    assert not OutboxTask.objects.exists()
    assert mail.outbox == []


def test_a_broker_that_is_down_raises_nothing_and_leaves_the_row_for_the_relay(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback()  # no error reaches the caller

    row = OutboxTask.objects.get()
    assert row.sent_at is None and row.attempts == 1
    assert "connect" in row.last_error.lower()

    result = handoff.relay()
    assert (result.sent, result.failed, result.broker_down) == (0, 1, True)
    with pytest.raises(CommandError, match="broker is unavailable"):
        call_command("relay_outbox", "--once")
    assert OutboxTask.objects.get().attempts == 3


def test_the_relay_sends_what_waited_once_the_broker_is_back(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback("first@example.org")
        feedback("second@example.org")
    assert handoff.unsent().count() == 2

    app.conf.task_always_eager = True  # the broker is back (and runs tasks in-process here)
    call_command("relay_outbox")

    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "second@example.org"]
    assert not handoff.unsent().exists()
    call_command("relay_outbox")  # nothing left: nothing sent twice
    assert len(mail.outbox) == 2


def test_a_row_that_cannot_be_handed_over_is_recorded_and_does_not_hold_up_the_others(
    django_capture_on_commit_callbacks,
):
    OutboxTask.objects.create(task_name="core.tasks.no_such_task")
    OutboxTask.objects.create(
        task_name="core.tasks.send_email",
        kwargs={"to": ["x@example.org"], "template": "core/email/feedback", "context": FEEDBACK},
    )

    result = handoff.relay()

    assert (result.sent, result.failed, result.broker_down) == (1, 1, False)
    [stuck] = handoff.unsent()
    assert stuck.task_name == "core.tasks.no_such_task" and "NotRegistered" in stuck.last_error
    assert [m.to for m in mail.outbox] == [["x@example.org"]]
    with pytest.raises(CommandError, match="could not be handed over"):
        call_command("relay_outbox")


def test_pruning_drops_old_sent_rows_and_never_unsent_ones():
    old = timezone.now() - handoff.KEEP_SENT - timedelta(hours=1)
    sent_long_ago = OutboxTask.objects.create(task_name="a", sent_at=old)
    unsent_long_ago = OutboxTask.objects.create(task_name="b")
    sent_recently = OutboxTask.objects.create(task_name="c", sent_at=timezone.now())
    OutboxTask.objects.filter(pk__in=[sent_long_ago.pk, unsent_long_ago.pk]).update(created=old)

    assert handoff.prune() == 1
    assert set(OutboxTask.objects.values_list("pk", flat=True)) == {
        unsent_long_ago.pk,
        sent_recently.pk,
    }


def test_beat_runs_the_relay_every_few_seconds():
    entry = app.conf.beat_schedule["core-relay-outbox"]
    assert entry["task"] == "core.relay.relay_outbox"
    assert entry["schedule"] <= 30
    app.loader.import_default_modules()  # what a worker does when it starts
    assert "core.relay.relay_outbox" in app.tasks
