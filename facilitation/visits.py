"""Visits counted with respect: at most one row per member, community and day.

`CommunityVisitMiddleware` notes a signed-in member's first successful look at a community's
pages each day (`/c/<slug>/…`, a GET answered 200) with one INSERT … ON CONFLICT DO NOTHING,
then remembers in the cache that today is counted, so every later page that day costs no
query. It records the day and the hour of that first look, never which pages were read.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError
from django.db import connection as db
from django.utils import timezone

from communities.models import Community
from core.roles import is_signed_in

from .models import Visit

log = logging.getLogger(__name__)

PREFIX = "/c/"


def _slug(path):
    if not path.startswith(PREFIX):
        return None
    slug = path[len(PREFIX) :].split("/", 1)[0]
    return slug or None


def _cache_key(user_id, slug, day):
    return f"facilitation:visit:{day.isoformat()}:{user_id}:{slug}"


def record_visit(*, user, slug, when=None):
    """Note that `user` visited the community `slug` (if it exists) at `when`. Returns True
    when this was the first visit of the day (a query was made)."""
    local = timezone.localtime(when or timezone.now())
    key = _cache_key(user.pk, slug, local.date())
    if cache.get(key):
        return False
    table = db.ops.quote_name(Visit._meta.db_table)
    communities = db.ops.quote_name(Community._meta.db_table)
    # One statement: the community's id by its slug, and nothing if today is counted already.
    # Table names come from the models; every value is a query parameter.
    sql = (
        f"INSERT INTO {table} (community_id, user_id, day, hour) "  # noqa: S608
        f"SELECT id, %s, %s, %s FROM {communities} WHERE slug = %s "
        "ON CONFLICT (community_id, user_id, day) DO NOTHING"
    )
    with db.cursor() as cursor:
        cursor.execute(sql, [user.pk, db.ops.adapt_datefield_value(local.date()), local.hour, slug])
    cache.set(key, 1, 60 * 60 * 26)
    return True


class CommunityVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "GET" and response.status_code == 200:
            slug = _slug(request.path_info)
            user = getattr(request, "user", None)
            if slug and is_signed_in(user):
                try:
                    record_visit(user=user, slug=slug)
                except DatabaseError:
                    # A visit not counted is not worth a failed page the member already has.
                    log.warning("visit to %s not counted", slug, exc_info=True)
        return response
