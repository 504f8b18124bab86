"""The development email backend: prints each message and keeps a copy for /dev/outbox/."""

import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class DevOutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = Path(settings.DEV_OUTBOX_DIR)
        outbox.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            raw = message.message().as_bytes()
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            (outbox / name).write_bytes(raw)
            sys.stdout.write(f"\n--- email to {', '.join(message.to)}: {message.subject}\n")
            sys.stdout.write(message.body + "\n--- saved to /dev/outbox/\n")
            sys.stdout.flush()
        return len(email_messages)
