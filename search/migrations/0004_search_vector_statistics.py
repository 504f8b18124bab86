"""PostgreSQL keeps statistics on 10,000 of the index's words instead of 1,000 (PostgreSQL only).

The search chooses how to find a query's newest matches from PostgreSQL's estimate of how many
rows match (search/planner.py). With the default statistics target a word outside the 1,000
most common gets one fixed guess (3,969 of a million rows, whether it is in 500 rows or 8,000);
with 10,000 kept the estimates of every word a member is likely to type come within a few per
cent. ANALYZE reads more of the table (about 30 seconds on a million rows; autovacuum runs it).
"""

from django.db import migrations

TABLE = "search_searchdocument"


def more_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS 1000")


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_database_jit_off")]

    operations = [migrations.RunPython(more_statistics, default_statistics, elidable=False)]
