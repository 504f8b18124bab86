"""How PostgreSQL keeps statistics on the columns that hold a community's id.

The visibility rule filters those columns by the member's visible communities as one array
(`community_id = ANY(<ids>)`, see querysets.IsAnyOf); a member of a national site can see about
1,300 communities. PostgreSQL's planner weighs such an array element by element against the
column's list of most common values, a list of 100 by default: 130,000 comparisons, about a
millisecond of planning per array, several per page. With a list of 10 the same estimate costs
a tenth, and the plans stay the same (the common values a filter for one community needs are
still in it; the rest are estimated from the number of distinct values, as before)."""

from django.apps import apps
from django.db import connections

# Entries in the most-common-values list (and histogram buckets) kept per community column.
COMMUNITY_COLUMN_STATISTICS = 10


def community_columns():
    """(table, column) of every concrete model's foreign key to a community."""
    community = apps.get_model("communities", "Community")
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.many_to_one and field.related_model is community:
                found.append((model._meta.db_table, field.column))
    return sorted(set(found))


def keep_community_statistics_short(using="default", **kwargs):
    """Set the statistics target of every community column to COMMUNITY_COLUMN_STATISTICS and
    gather the column's statistics again where it changed (a sample of a few thousand rows).
    Runs after every `migrate`; does nothing where the targets are already set."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    columns = community_columns()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
            "WHERE a.attstattarget = %s",
            [COMMUNITY_COLUMN_STATISTICS],
        )
        already = set(cursor.fetchall())
        existing = set(connection.introspection.table_names(cursor))
        quote = connection.ops.quote_name
        for table, column in columns:
            if table not in existing or (table, column) in already:
                continue
            cursor.execute(
                f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} "
                f"SET STATISTICS {COMMUNITY_COLUMN_STATISTICS}"
            )
            cursor.execute(f"ANALYZE {quote(table)} ({quote(column)})")
