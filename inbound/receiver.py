"""The SMTP/LMTP receiver for reply addresses (aiosmtpd), run by `manage.py receive_mail`.

It accepts mail only for `reply+…@REPLY_DOMAIN` (anything else is refused at RCPT time, so the
receiver is never an open relay) and hands each message to `inbound.services.receive`, which
stores it before answering 250: once the sending server hears "OK" the message is in the
database. Messages larger than twice INBOUND_MAX_BYTES are refused by SMTP itself (552, the
sending server tells its user); between the two limits the message is stored and the sender
gets our own "too large" email.
"""

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from . import services

log = logging.getLogger(__name__)


def _receive(content, recipients, envelope_sender):
    close_old_connections()
    try:
        return services.receive(
            content, recipients=recipients, envelope_sender=envelope_sender, via="smtp"
        )
    finally:
        close_old_connections()


class InboundHandler:
    def __init__(self, lmtp=False):
        self.lmtp = lmtp

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not services.is_reply_address(address):
            return "550 5.1.1 No such reply address here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        try:
            await sync_to_async(_receive, thread_sensitive=False)(
                content, list(envelope.rcpt_tos), envelope.mail_from or ""
            )
        except Exception:
            log.exception("could not store an inbound message")
            status = "451 4.3.0 Could not store the message; try again later"
        else:
            status = "250 OK: message stored"
        if self.lmtp:  # LMTP answers once per recipient
            return "\r\n".join([status] * max(1, len(envelope.rcpt_tos)))
        return status


def smtp_limit():
    return 2 * settings.INBOUND_MAX_BYTES


class InboundController(Controller):
    def __init__(self, *, hostname, port, lmtp=False):
        self.lmtp = lmtp
        super().__init__(
            InboundHandler(lmtp=lmtp),
            hostname=hostname,
            port=port,
            data_size_limit=smtp_limit(),
            decode_data=False,
        )

    def factory(self):
        server_class = LMTP if self.lmtp else SMTP
        return server_class(self.handler, **self.SMTP_kwargs)
