from django.core.management.base import BaseCommand

from activity.backfill import backfill


class Command(BaseCommand):
    help = (
        "Record in the event log what was created without it (demo data, an existing site). "
        "Sends no alerts; safe to run again."
    )

    def handle(self, *args, **options):
        counts = backfill()
        for source, count in counts.items():
            self.stdout.write(f"{source}: {count} row{'s' if count != 1 else ''} recorded")
