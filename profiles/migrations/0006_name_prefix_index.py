"""PostgreSQL only: a prefix index for one- and two-letter name searches in the people finder.

So short a word holds no trigram, so `UPPER(name::text) LIKE '%AB%'` read every row (75-100 ms
on 100,000 profiles). finder.name_matches makes such a word match the start of the name or of
one of its words instead: `UPPER(name::text) LIKE 'AB%'`, served by this btree index
(`text_pattern_ops`, so whatever the database's collation), OR `LIKE '% AB%'`, served by the
trigram index of 0004. Partial on the finder's condition (ProfileQuerySet.listed()), like the
name-order indexes. SQLite needs nothing: it scans, which is fine at its sizes.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS profiles_profile_name_prefix ON profiles_profile "
        "((UPPER(name::text)) text_pattern_ops) WHERE active AND NOT hidden_from_finder"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS profiles_profile_name_prefix")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0005_findable_accounts")]

    operations = [migrations.RunPython(create, drop)]
