from django.core.management.base import BaseCommand, CommandError

from search.registry import adapter_for_kind, kinds
from search.services import rebuild


class Command(BaseCommand):
    help = (
        "Re-index every searchable item (in batches) and drop index rows whose item is gone. "
        "Safe to run at any time, and again: the result is the same."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help=f"Only this kind (repeatable): {', '.join(k for k, _ in kinds())}.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, kinds=None, batch_size=500, **options):
        for kind in kinds or []:
            if adapter_for_kind(kind) is None:
                raise CommandError(f"Unknown kind {kind!r}.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        totals = rebuild(batch_size=batch_size, kinds=kinds, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Search index rebuilt: {sum(totals.values())} items.")
        )
