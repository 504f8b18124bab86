"""Hand every unsent outbox row (core/handoff.py) to the Celery broker.

Beat does this every few seconds; run it by hand after an outage, or to drain the outbox while
beat is stopped. By default it keeps trying, with growing pauses, while the broker is
unavailable, and stops after a pass that reached the broker; `--once` makes one pass. It exits
with status 1 when something is left unsent.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from core import handoff

FIRST_PAUSE = 1
LONGEST_PAUSE = 30


class Command(BaseCommand):
    help = "Hand every unsent outbox row to the Celery broker, retrying until the broker is back."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="One pass, even while the broker is unavailable."
        )

    def handle(self, *args, once=False, **options):
        pause = FIRST_PAUSE
        total = 0
        while True:
            result = handoff.relay()
            total += result.sent
            if not result.broker_down:
                if result.failed:
                    raise CommandError(
                        f"Handed {total} task(s) to the broker; {result.failed} could not be "
                        "handed over (see last_error on the outbox rows in the admin)."
                    )
                self.stdout.write(self.style.SUCCESS(f"Handed {total} task(s) to the broker."))
                return
            message = (
                f"Handed {total} task(s) to the broker so far; the broker is unavailable "
                f"({result.broker_error}) and {handoff.unsent().count()} task(s) wait."
            )
            if once:
                raise CommandError(message)
            self.stderr.write(f"{message} Trying again in {pause} s.")
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
