"""The starting list of service areas (site admins edit it in the admin afterwards), and a
profile for every user who existed before the profiles app was installed."""

from django.db import migrations

SERVICE_AREAS = [
    "Adult social care",
    "Children's services",
    "Community safety",
    "Culture, leisure and tourism",
    "Digital and IT",
    "Economic development and regeneration",
    "Education",
    "Environment and climate",
    "Finance",
    "Health",
    "Highways and transport",
    "Housing",
    "HR and workforce",
    "Licensing and regulation",
    "Planning",
    "Procurement",
    "Public health",
    "Revenues and benefits",
    "Social care",
    "Waste and recycling",
]


def forwards(apps, schema_editor):
    ServiceArea = apps.get_model("profiles", "ServiceArea")
    for name in SERVICE_AREAS:
        ServiceArea.objects.get_or_create(name=name)
    Profile = apps.get_model("profiles", "Profile")
    User = apps.get_model("accounts", "User")
    missing = User.objects.filter(profile__isnull=True).values_list("pk", flat=True)
    Profile.objects.bulk_create([Profile(user_id=pk) for pk in missing], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
