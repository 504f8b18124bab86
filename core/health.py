"""Cheap probes of the services a request or a task needs, each with a short timeout (/healthz).

Each probe opens its own connection, so a probe never disturbs the request's database
connection or the cache's connection pool, and a server that does not answer costs at most a
couple of seconds.
"""

import logging
from urllib.parse import urlsplit

import redis
from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2  # libpq's smallest connect_timeout is 2 seconds
REDIS_BACKENDS = {
    "core.cache.RedisCache",
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
}


def database():
    """A fresh connection to the default database answers SELECT 1."""
    wrapper = connections["default"]
    params = wrapper.get_connection_params()
    if wrapper.vendor == "postgresql":
        params["connect_timeout"] = TIMEOUT_SECONDS
        params["options"] = f"-c statement_timeout={TIMEOUT_SECONDS * 1000}"
    raw = wrapper.get_new_connection(params)
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT 1")
        cursor.fetchone()
    finally:
        raw.close()


def ping_redis(url):
    client = redis.Redis.from_url(
        url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()


def cache():
    """Every Redis server of the default cache answers PING; another backend sets and gets."""
    config = settings.CACHES["default"]
    if config["BACKEND"] in REDIS_BACKENDS:
        location = config["LOCATION"]
        servers = location.split(",") if isinstance(location, str) else location
        for url in servers:
            ping_redis(url.strip())
        return
    from django.core.cache import caches

    backend = caches["default"]
    backend.set("core:healthz", "ok", 10)
    if backend.get("core:healthz") != "ok":
        raise RuntimeError("the cache did not keep a value")


def broker():
    """The Celery broker accepts a connection (an in-memory broker is always there)."""
    url = settings.CELERY_BROKER_URL
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss"}:
        ping_redis(url)
    elif scheme != "memory":
        from kombu import Connection

        with Connection(url, connect_timeout=TIMEOUT_SECONDS) as connection:
            connection.ensure_connection(max_retries=1)


PROBES = {"database": database, "cache": cache, "broker": broker}


def report():
    """{"database": "ok" | "error", "cache": ..., "broker": ...}; failures are logged."""
    results = {}
    for name, probe in PROBES.items():
        try:
            probe()
        except Exception as exc:
            logger.warning("healthz: %s is unavailable: %s", name, exc)
            results[name] = "error"
        else:
            results[name] = "ok"
    return results
