"""Small query helpers shared by the apps."""

from django.db import connection


def count_together(*querysets):
    """The counts of several querysets in one round trip: `SELECT (SELECT COUNT(*) ...), ...`.

    For counters that every page shows (the navigation's unread messages and notifications),
    where one query instead of one per counter is worth having on every request.
    """
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        # Only SQL that Django compiled from the querysets; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{n})")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return tuple(cursor.fetchone())


def own_transaction():
    """The outermost transaction the application opened, one that may still roll back (not the
    one a test case wraps around each test); None outside one. Caches that keep answers read
    inside a transaction ask it whether that transaction also changed what they read."""
    return next(
        (
            block
            for block in connection.atomic_blocks
            if not getattr(block, "_from_testcase", False)
        ),
        None,
    )
