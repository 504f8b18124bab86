from django.db import migrations, models


def fill_keys(apps, schema_editor):
    SentAlert = apps.get_model("alerts", "SentAlert")
    for alert in SentAlert.objects.select_related("activity"):
        activity = alert.activity
        alert.key = f"{activity.verb}:{activity.target_type_id}:{activity.target_id}"
        alert.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sentalert",
            name="key",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="sentalert", name="sent_alert_once"),
        migrations.AddConstraint(
            model_name="sentalert",
            constraint=models.UniqueConstraint(
                fields=("user", "key"), name="sent_alert_once_per_action"
            ),
        ),
    ]
