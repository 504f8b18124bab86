"""Profile.active now copies `User.objects.findable()`: the account is active *and* has a
verified email address (sign-up requires one). Before, it copied User.is_active alone, so
people who signed up and never confirmed their address were listed in the people finder.

Recomputes the copy for every profile in one statement (portable SQL, SQLite and
PostgreSQL); profiles.signals keeps it current from now on. The default becomes False, so a
profile written without going through profiles.services is hidden until it is synced.
"""

from django.db import migrations, models


def copy_findable(apps, schema_editor):
    schema_editor.execute(
        "UPDATE profiles_profile SET active = ("
        "EXISTS (SELECT 1 FROM accounts_user u "
        "WHERE u.id = profiles_profile.user_id AND u.is_active) "
        "AND EXISTS (SELECT 1 FROM account_emailaddress e "
        "WHERE e.user_id = profiles_profile.user_id AND e.verified))"
    )


def copy_is_active(apps, schema_editor):
    schema_editor.execute(
        "UPDATE profiles_profile SET active = "
        "(SELECT u.is_active FROM accounts_user u WHERE u.id = profiles_profile.user_id)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0004_finder_columns"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.AlterField(
            model_name="profile",
            name="active",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(copy_findable, copy_is_active),
    ]
