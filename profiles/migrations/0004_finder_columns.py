"""The people finder filters and sorts on profiles_profile alone: copies of the user's name and
active flag (kept current by profiles.signals), partial indexes in name order, and on
PostgreSQL a trigram index on the copied name instead of the one 0003 put on accounts_user.

Measured with bench/people_finder.py on 200,000 profiles: joining accounts_user for every
candidate row made broad searches hash-join both tables, and a name search walk the whole
name index (see docs/profiles.md, "Performance").
"""

from django.conf import settings
from django.db import migrations, models


def copy_from_users(apps, schema_editor):
    # Portable SQL (SQLite and PostgreSQL); one statement however many profiles there are.
    schema_editor.execute(
        "UPDATE profiles_profile SET "
        "name = (SELECT u.name FROM accounts_user u WHERE u.id = profiles_profile.user_id), "
        "active = (SELECT u.is_active FROM accounts_user u WHERE u.id = profiles_profile.user_id)"
    )


def trigram_on_profile_name(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS profiles_user_name_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS profiles_profile_name_trgm ON profiles_profile "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def trigram_back_on_user_name(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS profiles_profile_name_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS profiles_user_name_trgm ON accounts_user "
        "USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0003_trigram_indexes'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='active',
            field=models.BooleanField(default=True, editable=False),
        ),
        migrations.AddField(
            model_name='profile',
            name='name',
            field=models.CharField(blank=True, editable=False, max_length=150),
        ),
        migrations.RunPython(copy_from_users, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(condition=models.Q(('active', True), ('hidden_from_finder', False)), fields=['name', 'id'], name='profile_finder_name'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(condition=models.Q(('active', True), ('hidden_from_finder', False)), fields=['region', 'name', 'id'], name='profile_finder_region'),
        ),
        migrations.RunPython(trigram_on_profile_name, trigram_back_on_user_name),
    ]
