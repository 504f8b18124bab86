"""The Redis cache makes one client per server and reuses it for every call."""

from core.cache import RedisCache


def test_every_call_to_the_same_server_reuses_one_client():
    backend = RedisCache("redis://127.0.0.1:9/0", {})  # a client connects only when used
    first = backend._cache.get_client("a", write=True)
    assert backend._cache.get_client("b", write=True) is first
    assert backend._cache.get_client("c") is first  # one server: reads go to it too


def test_each_server_has_its_own_client():
    backend = RedisCache(["redis://127.0.0.1:9/0", "redis://127.0.0.1:9/1"], {})
    writer = backend._cache.get_client(write=True)
    reader = backend._cache.get_client()
    assert reader is not writer
    assert backend._cache.get_client() is reader
