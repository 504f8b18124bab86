"""The broker (Redis) goes away and comes back: nothing a member saved is lost or answered with an
error page, and the worker carries on.

Each test runs its own redis-server as the broker (the one `make test` started is shared with the
other xdist worker, so it is never stopped), a real Celery worker on it, the test database and the
SMTP sink. The test process's Celery app publishes to that Redis too while the test runs.
"""

import re
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from alerts.models import Frequency
from alerts.services import subscribe
from core.email import queue_templated_email
from core.models import OutboxTask
from forums.models import Post
from tests.accounts.factories import UserFactory
from tests.communities.factories import CommunityFactory, member_of
from tests.fixtures.services import BASE_DIR, CeleryWorkerProcess
from tests.forums.factories import topic as start_topic
from tests.integration.outage import RedisServer

pytestmark = pytest.mark.integration

TOKEN = "quokkabroker"


def wait_for(condition, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come true within {timeout} s")


def publish_to(app, url):
    """Point this process's Celery app at `url`, dropping its pooled broker connections."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(settings):
    """Redis of this test's own as the broker of the worker (celery_worker_process reads
    CELERY_BROKER_URL) and of this process. Request it before celery_worker_process."""
    from cop_platform.celery import app

    previous = app.conf.broker_url  # read before the setting changes: the app reads through
    server = RedisServer().start()
    settings.CELERY_BROKER_URL = server.url
    publish_to(app, server.url)
    try:
        yield server
    finally:
        publish_to(app, previous)
        server.destroy()


class ProductionShapedWorker(CeleryWorkerProcess):
    """The worker as docker-compose.yml runs it: prefork pool, gossip, mingle and heartbeats."""

    def start(self, timeout=60):
        self.starts += 1
        command = [
            sys.executable, "-m", "celery", "-A", "cop_platform", "worker",
            "-Q", self.queues, "--concurrency", "1", "--loglevel=INFO",
            "-n", f"{self.name}-{self.starts}@%h",
        ]  # fmt: skip
        with open(self.log_path, "a") as log:
            log.write(f"\n----- start #{self.starts}: {' '.join(command)}\n")
            log.flush()
            offset = log.tell()
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_for_log(" ready.", timeout=timeout, offset=offset)
        return self


def test_a_reply_posted_while_redis_is_down_is_saved_and_its_alert_and_indexing_follow(
    broker, celery_worker_process, smtp_sink, client
):
    community = CommunityFactory(name="Digital Inclusion")
    author = member_of(community, UserFactory(name="Asha Patel"))
    replier = member_of(community, UserFactory(name="Ben Okafor"))
    reader = member_of(community, UserFactory(name="Cara Lewis", email="cara@example.org"))
    topic = start_topic(community, author, title="Lending tablets to residents")
    # The topic's own alert has gone out (to nobody) before the reader follows it.
    wait_for(
        lambda: re.search(
            r"send_immediate_alerts\[[^\]]+\] succeeded", celery_worker_process.log()
        ),
        what="the topic's alerts task done",
    )
    subscribe(user=reader, target=topic, frequency=Frequency.IMMEDIATE)

    broker.stop()
    client.force_login(replier)
    response = client.post(
        reverse("forums:reply", args=[community.slug, topic.pk]),
        {"body": f"<p>We lend them through the library: {TOKEN}.</p>"},
    )

    assert response.status_code == 302, response.content[:500]
    assert Post.objects.filter(topic=topic, body__contains=TOKEN).count() == 1
    waiting = OutboxTask.objects.filter(sent_at=None)
    assert {row.task_name for row in waiting} >= {
        "alerts.tasks.send_immediate_alerts",
        "search.tasks.index_item_task",
    }
    assert all(row.attempts == 1 and row.last_error for row in waiting)
    assert smtp_sink.messages == []

    broker.start()
    call_command("relay_outbox")  # retries until the worker's broker takes the tasks

    assert not OutboxTask.objects.filter(sent_at=None).exists()
    [alert] = smtp_sink.wait_for(1, timeout=60)
    assert alert["To"] == "cara@example.org"
    assert "Lending tablets to residents" in alert["Subject"]
    assert TOKEN in alert.get_body(preferencelist=("plain",)).get_content()

    client.force_login(reader)

    def found():
        return TOKEN in client.get(reverse("search:index"), {"q": TOKEN}).content.decode()

    wait_for(found, what="the reply found by search")
    assert celery_worker_process.running
    assert len(smtp_sink.messages) == 1


@pytest.fixture
def production_worker(broker, celery_worker_process):
    """The fixture's worker (solo pool) swapped for a production-shaped one on the same
    environment: the broker, the test database and the SMTP sink."""
    celery_worker_process.stop()
    worker = ProductionShapedWorker(
        env=celery_worker_process.env,
        log_path=celery_worker_process.log_path,
        queues=celery_worker_process.queues,
        name=celery_worker_process.name,
    )
    worker.starts = celery_worker_process.starts
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def feedback(to, message):
    queue_templated_email(
        to=[to],
        template="core/email/feedback",
        context={"author": "Ada", "author_email": "ada@example.org", "message": message,
                 "page": "/"},
    )  # fmt: skip
    call_command("relay_outbox")  # in case this process's first publish met a stale connection


def restart(broker, worker):
    offset = len(worker.log())
    broker.stop()
    worker.wait_for_log("Connection to broker lost", timeout=60, offset=offset)
    worker.wait_for_log("Cannot connect to redis", timeout=60, offset=offset)
    broker.start()
    worker.wait_for_log("Connected to redis", timeout=120, offset=offset)


def test_the_worker_survives_a_redis_restart_and_runs_the_next_task(
    broker, production_worker, smtp_sink
):
    restart(broker, production_worker)
    feedback("after@example.org", "Still here?")

    [message] = smtp_sink.wait_for(1, timeout=60)
    assert message["To"] == "after@example.org"
    assert production_worker.running


def test_the_worker_survives_a_redis_restart_in_the_middle_of_a_task(
    broker, production_worker, smtp_sink
):
    """The task finishes although its acknowledgement cannot reach Redis; the worker goes on."""
    smtp_sink.delay = 3  # the worker is busy talking to the mail server...
    offset = len(production_worker.log())
    feedback("during@example.org", "Sent across the restart")
    production_worker.wait_for_log("Task core.tasks.send_email[", timeout=60, offset=offset)
    restart(broker, production_worker)  # ...when Redis goes away and comes back

    smtp_sink.wait_for(1, timeout=60)
    smtp_sink.delay = 0
    feedback("next@example.org", "And the next one")
    wait_for(
        lambda: "next@example.org" in [m["To"] for m in smtp_sink.messages],
        what="the next email",
    )
    assert {m["To"] for m in smtp_sink.messages} == {"during@example.org", "next@example.org"}
    assert production_worker.running
    assert "Unrecoverable error" not in production_worker.log()
