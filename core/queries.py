"""Small query helpers shared by the apps."""

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Subquery


def counts_sql(*querysets):
    """(sql, params) of one `SELECT (SELECT COUNT(*) ...), ...` over `querysets`."""
    parts, params = [], []
    for n, queryset in enumerate(querysets):
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        # Only SQL that Django compiled from the querysets; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{n})")  # noqa: S608
        params.extend(part_params)
    return "SELECT " + ", ".join(parts), tuple(params)


def count_together(*querysets, compiled=None):
    """The counts of several querysets in one round trip: `SELECT (SELECT COUNT(*) ...), ...`.

    For counters that every page shows (the navigation's unread messages and notifications),
    where one query instead of one per counter is worth having on every request. `compiled`:
    the (sql, params) counts_sql made of the same querysets earlier, instead of them.
    """
    sql, params = compiled or counts_sql(*querysets)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
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


class _IsAnyOfRows(Func):
    output_field = BooleanField()

    def __init__(self, expression, queryset):
        super().__init__(expression, Subquery(queryset))

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        rows, rows_params = compiler.compile(self.source_expressions[1])
        return f"{column} = ANY(ARRAY{rows})", (*column_params, *rows_params)


def among(column, queryset):
    """A Q for rows whose `column` is one of the values `queryset` (one column) selects, read
    first: on PostgreSQL `column = ANY(ARRAY(subquery))`, which runs the subquery once and then
    looks the values up by index. As `IN (subquery)` the planner may instead walk the whole
    table in the outer query's order and test each row, when it expects the subquery to be
    expensive (a page of the activity stream at 500,000 rows: 3 s instead of 1 ms)."""
    if connection.vendor != "postgresql":
        return Q(**{f"{column}__in": queryset})
    return Q(_IsAnyOfRows(F(column), queryset))
