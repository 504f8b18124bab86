"""Run the reply-by-email receiver: `manage.py receive_mail --host 0.0.0.0 --port 2525 [--lmtp]`.

`--process-pending` instead processes every stored message still waiting (after an outage of
the worker) and exits."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inbound.models import InboundMessage
from inbound.receiver import InboundController
from inbound.services import process


class Command(BaseCommand):
    help = "Receive replies by email over SMTP (or LMTP) and post them."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP instead of SMTP.")
        parser.add_argument(
            "--process-pending",
            action="store_true",
            help="Process the stored messages still waiting, then exit.",
        )

    def handle(self, *args, host, port, lmtp, process_pending, **options):
        if process_pending:
            pending = InboundMessage.objects.filter(status=InboundMessage.Status.RECEIVED)
            count = 0
            for pk in pending.order_by("pk").values_list("pk", flat=True):
                process(pk)
                count += 1
            self.stdout.write(f"Processed {count} waiting messages.")
            return
        if not settings.REPLY_DOMAIN:
            raise CommandError("REPLY_DOMAIN is not set: replies by email are switched off.")
        controller = InboundController(hostname=host, port=port, lmtp=lmtp)
        controller.start()
        protocol = "LMTP" if lmtp else "SMTP"
        self.stdout.write(
            f"Receiving replies for @{settings.REPLY_DOMAIN} over {protocol} on {host}:{port}"
        )
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        try:
            while not stop.wait(1):
                pass
        finally:
            controller.stop()
