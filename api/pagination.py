"""Cursor pagination: stable keyset order, an opaque signed cursor, and a `next` link.

A list is ordered by a few columns ending in the primary key (so the order is total); the cursor
holds the last row's values of those columns, signed so a client cannot forge or edit it and bound
to the endpoint's path. Each page is one query for the rows, whatever the page number: no OFFSET,
no COUNT.
"""

from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext as _

from .problems import Problem

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
SALT = "api.cursor"


def _signer(request):
    return signing.TimestampSigner(salt=f"{SALT}:{request.path}")


def encode(request, values):
    return _signer(request).sign_object(values, compress=True)


def decode(request, cursor):
    try:
        values = _signer(request).unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError):
        raise Problem(
            400,
            _("This cursor is not valid here: use the `next` link of this list as it was given."),
            slug="bad-cursor",
        ) from None
    return values


def next_link(request, cursor):
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _after(order, values):
    """Rows after `values` in `order` (e.g. ["-last_activity_at", "-pk"]): for columns a, b,
    c that is a beyond its value, or a equal and b beyond, or a and b equal and c beyond."""
    condition = None
    for index, column in enumerate(order):
        field = column.lstrip("-")
        lookup = "lt" if column.startswith("-") else "gt"
        equal = {order[i].lstrip("-"): values[i] for i in range(index)}
        step = Q(**equal, **{f"{field}__{lookup}": values[index]})
        condition = step if condition is None else condition | step
    return condition


def _value(row, field):
    value = getattr(row, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


def keyset(request, queryset, order, *, limit=DEFAULT_LIMIT, cursor=None):
    """(rows, next_url) for one page of `queryset` in `order` (its last column the pk)."""
    queryset = queryset.order_by(*order)
    if cursor:
        values = decode(request, cursor)
        if not isinstance(values, list) or len(values) != len(order):
            raise Problem(400, _("This cursor is not valid here."), slug="bad-cursor")
        queryset = queryset.filter(_after(order, values))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    following = None
    if more:
        last = rows[-1]
        following = next_link(
            request, encode(request, [_value(last, f.lstrip("-")) for f in order])
        )
    return rows, following


def numbered(request, *, cursor=None):
    """For lists ranked by relevance (search), where no column gives a stable keyset: the cursor
    holds the next page's number instead. Returns (number, make_next(more))."""
    number = 1
    if cursor:
        values = decode(request, cursor)
        if not (isinstance(values, list) and len(values) == 1 and isinstance(values[0], int)):
            raise Problem(400, _("This cursor is not valid here."), slug="bad-cursor")
        number = max(1, values[0])

    def make_next(more):
        return next_link(request, encode(request, [number + 1])) if more else None

    return number, make_next
