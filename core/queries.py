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
