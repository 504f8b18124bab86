"""Settings for the test suite: the database and Redis come from the environment `make test` sets.

Under `make test`, DATABASE_URL points at a throwaway PostgreSQL and REDIS_URL at a throwaway Redis.
pytest-xdist runs several workers (PYTEST_XDIST_WORKER = gw0, gw1, ...) against the same Redis;
each worker gets its own Redis database numbers for the cache and for the Celery broker, and its
own cache key prefix, so workers never share queues, rate-limit counters or cached pages.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import REDIS_URL, env, env_bool, upload_storage

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django forces locmem in the test process anyway; the Celery worker subprocess that the
# integration tests start sets EMAIL_BACKEND (and EMAIL_HOST/EMAIL_PORT) to reach an SMTP sink.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
STORAGES = {
    # Local disk (MEDIA_ROOT below) unless COP_STORAGE=s3, as the processes the integration
    # tests start for the shared-storage tests set.
    "default": upload_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# No persistent connections: the live server's keep-alive threads and the Celery worker must not
# hold the test database open when pytest-django drops it at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
TEST_WORKER_INDEX = int(TEST_WORKER[2:]) if TEST_WORKER[2:].isdigit() else 0

# Uploads made by tests never land in the developer's var/media (the Celery worker subprocess
# inherits PYTEST_XDIST_WORKER, so it shares its test process's folder).
MEDIA_ROOT = (
    Path(env("COP_TEST_MEDIA_ROOT", Path(tempfile.gettempdir()) / "cop-test-media")) / TEST_WORKER
)


def redis_db_url(url, db):
    """The same Redis server as `url`, database number `db`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", parts.query, parts.fragment))


if REDIS_URL:
    # Worker N: cache in database 2N, Celery broker in database 2N+1 (make test's Redis has 64).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": redis_db_url(REDIS_URL, 2 * TEST_WORKER_INDEX),
            "KEY_PREFIX": f"cop-test-{TEST_WORKER}",
        }
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL") or redis_db_url(
        REDIS_URL, 2 * TEST_WORKER_INDEX + 1
    )

# A killed worker's unacknowledged task is redelivered once it is this many seconds old (Redis
# transport, checked every second here); the integration fixtures set it so that "kill the worker
# mid-task and restart it" tests finish quickly. The sweep holds a Redis lock while it restores;
# a worker killed during a sweep leaves the lock held until it expires (kombu's default, 300 s,
# would stall every redelivery for the rest of such a test), so here it expires in 5 s.
if env("CELERY_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT")),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
        "unacked_mutex_expire": 5,
    }

# The hosted-provider webhook is on in tests (and refuses requests without this secret); the
# reply domain stays off except where a test switches it on.
INBOUND_ANYMAIL_ESP = "postmark"
ANYMAIL = {"WEBHOOK_SECRET": "inbound:test-webhook-secret"}
