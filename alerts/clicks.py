"""Counting, with respect, how far a community's email goes.

Links in alert and digest emails point at `/r/<signed>/`, a redirect whose signed value holds
only the community and the site path it leads to: the same link for everyone who gets the same
section, so nothing in it says who clicked. The redirect adds one to the community's count for
the day (`EmailReach.clicks`) and sends the reader on, only ever to a path of this site. Digests
sent with a community's section add to `EmailReach.digests`. There are no tracking pixels and
no per-person record of what anyone opened or clicked.
"""

from collections import Counter

from django.core import signing
from django.db import connection as db
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from communities.models import Community

from .models import EmailReach

SALT = "alerts.clicks"
# Links older than this still lead on, uncounted (an email read a year later is not a click
# on this year's news).
COUNTED_FOR_DAYS = 90


def tracked_path(path, community_id):
    """The redirect path counting a click on `path` (a path of this site) in `community_id`'s
    email. Paths that are not this site's own are returned as they are."""
    if not community_id or not is_own_path(path):
        return path
    signed = signing.dumps({"c": int(community_id), "p": path}, salt=SALT, compress=True)
    return reverse("alerts:click", kwargs={"signed": signed})


def is_own_path(path):
    """A path of this site: starts with one slash, no scheme, host or backslash tricks."""
    return (
        isinstance(path, str)
        and path.startswith("/")
        and not path.startswith("//")
        and "\\" not in path
        and not any(ord(ch) < 32 for ch in path)
    )


def follow(signed):
    """(path, community_id, counted) for a signed link, or None when it is not one of ours.
    `counted` is False for a link older than COUNTED_FOR_DAYS (it still leads on)."""
    try:
        value = signing.loads(signed, salt=SALT, max_age=COUNTED_FOR_DAYS * 86400)
        counted = True
    except signing.SignatureExpired:
        value = signing.loads(signed, salt=SALT)
        counted = False
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    path, community_id = value.get("p"), value.get("c")
    if not is_own_path(path) or not isinstance(community_id, int):
        return None
    return path, community_id, counted


def _add(column, counts, day):
    """Add `counts` ({community_id: n}) to `column` of each community's row for `day`: one
    INSERT … ON CONFLICT, so two senders or clicks at once both count."""
    if not counts:
        return
    table = db.ops.quote_name(EmailReach._meta.db_table)
    name = db.ops.quote_name(column)
    other = "clicks" if column == "digests" else "digests"
    rows = ", ".join(["(%s, %s, %s, 0)"] * len(counts))
    params = []
    for community_id, n in sorted(counts.items()):
        params += [community_id, db.ops.adapt_datefield_value(day), n]
    # Table and column names come from the model; every value is a query parameter.
    sql = (
        f"INSERT INTO {table} (community_id, day, {name}, {db.ops.quote_name(other)}) "  # noqa: S608
        f"VALUES {rows} ON CONFLICT (community_id, day) "
        f"DO UPDATE SET {name} = {table}.{name} + excluded.{name}"
    )
    with transaction.atomic(), db.cursor() as cursor:
        cursor.execute(sql, params)


def count_click(community_id):
    """One more followed link into `community_id`'s email today. A community deleted since
    the email went out counts nothing."""
    if Community.objects.filter(pk=community_id).exists():
        _add("clicks", {community_id: 1}, timezone.localdate())


def count_digests(community_ids):
    """Digests just sent, one per community each carried (a Counter or list of ids)."""
    _add("digests", Counter(community_ids), timezone.localdate())
