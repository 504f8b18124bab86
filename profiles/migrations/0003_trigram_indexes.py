"""PostgreSQL only: trigram indexes so the people finder's "name/organisation contains ..."
searches use an index instead of reading 200,000 rows.

Django turns `name__icontains` into `UPPER(name::text) LIKE UPPER('%word%')`; a GIN index on
exactly that expression with pg_trgm's operator class serves it. The index on accounts_user is
created here (not in accounts) because only the people finder searches names this way.
SQLite needs nothing: it scans, which is fine at its sizes.
"""

from django.db import migrations

INDEXES = [
    ("profiles_user_name_trgm", "accounts_user", "name"),
    ("profiles_profile_org_trgm", "profiles_profile", "organisation"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0002_service_areas_and_profiles"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
