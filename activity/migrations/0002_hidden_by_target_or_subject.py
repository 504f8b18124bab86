from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="activity", old_name="is_hidden", new_name="target_hidden"),
        migrations.AddField(
            model_name="activity",
            name="subject_hidden",
            field=models.BooleanField(default=False),
        ),
    ]
