"""JIT compilation off for the whole database (PostgreSQL only; new connections pick it up).

Every page filters by the visibility rule, whose plans (subqueries over communities, their
parents and memberships) PostgreSQL estimates as expensive enough to JIT-compile, and compiling
them takes 100-400 ms, far longer than running them (a few ms): on the 1% benchmark sample the
community home went from about 750 ms to 260 ms with JIT off (docs/performance.md). The search
page already turned JIT off for its own transaction (search.planner.search_session); this does
it for every query. A role that may not alter the database gets a warning instead, and the
setting can be made by hand: ALTER DATABASE <name> SET jit = off.
"""

from django.db import migrations

SET = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = {value}', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'could not set jit for this database: run ALTER DATABASE ... SET jit = off';
END
$$;
"""


def jit_off(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SET.format(value="off"), None)


def jit_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SET.format(value="DEFAULT"), None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_vector_gin")]

    operations = [migrations.RunPython(jit_off, jit_default, elidable=False)]
