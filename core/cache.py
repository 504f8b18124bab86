"""Django's Redis cache, with one Redis client per server instead of a new one per call.

Django's RedisCacheClient makes a `redis.Redis` for every cache operation; redis-py builds a
table of about 170 reply handlers in each one, some hundreds of microseconds of CPU per call,
several calls a page. A client holds nothing of its own but that table and the server's
connection pool, which is safe to share between threads, so one client per pool does.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
