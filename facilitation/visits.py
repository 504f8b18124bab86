"""Visits counted with respect: at most one row per member, community and day.

`CommunityVisitMiddleware` notes a signed-in member's first successful look at a community's
pages each day (`/c/<slug>/…`, a GET answered 200) in the cache, and nothing else: no page
costs a database query for it. The first look of the day is queued in the cache as (community
slug, member, day, hour); `flush_visits()` writes the queue to `Visit` in one INSERT … ON
CONFLICT DO NOTHING. Beat runs it every minute, and "This week" and the weekly email run it
before they read the figures. It records the day and the hour of the first look, never which
pages were read. Visits still in the cache when the cache is lost are not counted.
"""

from django.core.cache import cache
from django.db import connection as db
from django.db import transaction
from django.utils import timezone

from communities.models import Community
from core.roles import is_signed_in

from .models import Visit

PREFIX = "/c/"
NEXT = "facilitation:visits:next"  # the number of the last visit queued
DONE = "facilitation:visits:done"  # the number of the last visit written
LOCK = "facilitation:visits:flushing"
KEPT = 60 * 60 * 48  # queued visits wait at most this long for a flush
FLUSH_AT_MOST = 5000


def _slug(path):
    if not path.startswith(PREFIX):
        return None
    slug = path[len(PREFIX) :].split("/", 1)[0]
    return slug or None


def note_visit(*, user, slug, when=None):
    """Queue `user`'s visit to the community `slug` at `when`, once a day. Returns True when
    this was the first visit of the day. Cache only, no query."""
    local = timezone.localtime(when or timezone.now())
    day = local.date().isoformat()
    if not cache.add(f"facilitation:visit:{day}:{user.pk}:{slug}", 1, 60 * 60 * 26):
        return False
    cache.add(NEXT, 0, None)
    number = cache.incr(NEXT)
    cache.set(f"facilitation:visits:{number}", (slug, user.pk, day, local.hour), KEPT)
    return True


def flush_visits():
    """Write the queued visits to the Visit table (one statement); returns how many were
    queued. Safe to run at any time and concurrently: one flush at a time takes the queue."""
    if not cache.add(LOCK, 1, 60):
        return 0
    try:
        done = cache.get(DONE) or 0
        last = min(cache.get(NEXT) or 0, done + FLUSH_AT_MOST)
        if last <= done:
            return 0
        keys = [f"facilitation:visits:{n}" for n in range(done + 1, last + 1)]
        queued = [value for value in cache.get_many(keys).values() if value]
        _write(queued)
        cache.set(DONE, last, None)
        cache.delete_many(keys)
        return len(queued)
    finally:
        cache.delete(LOCK)


def _write(queued):
    if not queued:
        return
    table = db.ops.quote_name(Visit._meta.db_table)
    communities = db.ops.quote_name(Community._meta.db_table)
    if db.vendor == "postgresql":
        one = "SELECT %s AS slug, %s::integer AS u, %s::date AS d, %s::smallint AS h"
    else:
        one = "SELECT %s AS slug, %s AS u, %s AS d, %s AS h"
    rows = " UNION ALL ".join([one] * len(queued))
    params = []
    for slug, user_id, day, hour in queued:
        params += [slug, user_id, day, hour]
    # Each visit's community found by its slug (a community deleted since is skipped); a day
    # already counted is left as it is. Table names come from the models; values are parameters.
    sql = (
        f"INSERT INTO {table} (community_id, user_id, day, hour) "  # noqa: S608
        f"SELECT c.id, v.u, v.d, v.h FROM ({rows}) v JOIN {communities} c ON c.slug = v.slug "
        "WHERE 1 = 1 ON CONFLICT (community_id, user_id, day) DO NOTHING"
    )
    with transaction.atomic(), db.cursor() as cursor:
        cursor.execute(sql, params)


def record_visit(*, user, slug, when=None):
    """Note a visit and write it at once (tests, demo data)."""
    first = note_visit(user=user, slug=slug, when=when)
    flush_visits()
    return first


class CommunityVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200:
            slug = _slug(request.path_info)
            user = getattr(request, "user", None)
            if slug and is_signed_in(user):
                note_visit(user=user, slug=slug)
        return response
