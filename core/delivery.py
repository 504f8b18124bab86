"""Email delivery policy shared by every sender: what a failure means, how long to keep trying,
and Message-IDs that stay the same when an email is sent again.

Every sender (core.tasks.send_email, alerts' immediate alerts and digests) follows it: a refusal
of the recipient (SMTP 5xx to RCPT TO or to the message) is permanent: it is announced
(`email_refused`) and never retried. Anything else (the server unreachable, a 4xx "try again
later", a dropped connection) is retried with capped exponential backoff until EMAIL_RETRY_HOURS
after the first attempt, and then announced as undelivered (`email_undelivered`), never dropped
silently. The alerts app keeps the records (alerts.EmailFailure) and shows them to site admins.
"""

import re
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.dispatch import Signal
from django.utils import timezone

# Sent with address, code, message: the mail server refused this address for good.
email_refused = Signal()
# Sent with address, message: still not delivered when the retry window ran out.
email_undelivered = Signal()

TRANSIENT_ERRORS = (OSError, smtplib.SMTPException)


def refusals(error):
    """{address: (code, message)} for the permanent (5xx) refusals in an SMTP error, or {} when
    the error is worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return {
            address: (code, _text(message))
            for address, (code, message) in error.recipients.items()
            if 500 <= code < 600
        }
    return {}


def message_refused(error):
    """(code, message) when the server took the recipients but refused this message with a 5xx
    (mailbox full, message rejected), else None. Our own sender being refused is not the
    recipient's fault and is retried."""
    if isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600:
        return error.smtp_code, _text(error.smtp_error)
    return None


def _text(message):
    return (message.decode(errors="replace") if isinstance(message, bytes) else str(message))[:500]


def retry_countdown(retries):
    """Seconds before retry number `retries` + 1: EMAIL_RETRY_BACKOFF doubling, capped."""
    base = settings.EMAIL_RETRY_BACKOFF
    return min(base * 2 ** min(retries, 30), settings.EMAIL_RETRY_BACKOFF_MAX)


def retry_window_over(since):
    """Has the retry window opened at `since` (an ISO timestamp) closed?"""
    started = datetime.fromisoformat(since)
    return timezone.now() - started > timedelta(hours=settings.EMAIL_RETRY_HOURS)


def message_id(*parts):
    """A Message-ID that is the same every time the same email is (re)sent, so a receiving server
    or mail client that sees it twice can tell it is one message."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    local = ".".join(re.sub(r"[^A-Za-z0-9_-]+", ".", str(part)).strip(".") for part in parts)
    return f"<{local}@{host}>"
