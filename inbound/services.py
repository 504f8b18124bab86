"""Receiving replies by email: store first, then decide, then post or refuse once.

`receive()` is the one way in, for the SMTP/LMTP receiver and the hosted-provider webhook alike:
it stores each message (one row per reply address it was sent to, see models) and hands its
processing to Celery through the outbox, in one transaction. `process()` then decides, under a
row lock, what happens to it: posted as the member's reply, refused with one email back, or
ignored (anything sent by a machine gets no answer, so two auto-responders never loop). The
row's status changes in the same transaction as the post or the queued refusal, so a second run
(a redelivered task, a relay) finds it done.

Refusals say what went wrong and nothing about the item: no title, no community, no quoted
text, so a refusal never shows anyone what they may not see.
"""

import logging
from datetime import timedelta
from email.message import EmailMessage as StdEmailMessage

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.replyto import BadToken, ExpiredToken, read_token, token_from_address
from core import handoff
from core.email import queue_templated_email
from core.errors import Invalid
from core.files import UploadPolicy, validate_upload
from richtext.sanitise import plain_text_to_html

from . import parsing, posting
from .models import InboundMessage

log = logging.getLogger(__name__)

Status = InboundMessage.Status
MAX_FILES = 10
# At most this many refusals an hour to one address: mail with forged senders must not turn the
# site into a source of unwanted email.
REFUSALS_PER_HOUR = 5


class Outcome:
    def __init__(self, status, reason="", detail="", user=None, url=""):
        self.status, self.reason, self.detail, self.user, self.url = (
            status,
            reason,
            detail,
            user,
            url,
        )


def refusal_text(reason, detail=""):
    """What the sender is told, per reason. Nothing here names the item or its community."""
    days = settings.REPLY_ADDRESS_DAYS
    texts = {
        "unknown_address": _(
            "The address you sent your email to is not one we gave out, or it was changed on "
            "the way. Nothing was posted. Please reply on the website instead."
        ),
        "expired_address": _(
            "The address you replied to has expired: reply addresses work for %(days)s days "
            "after the alert was sent. Nothing was posted. Please reply on the website instead."
        )
        % {"days": days},
        "not_your_address": _(
            "Replies to this address are accepted only from the verified email address of the "
            "person the alert was sent to. Nothing was posted. Send your reply from that "
            "address, or reply on the website."
        ),
        "cannot_post": _(
            "You can no longer post there: you may have left the community, or the "
            "conversation may have been closed, deleted or moved. Nothing was posted."
        ),
        "closed_down": _(
            "The community has closed down: it is a read-only archive, and nothing new can be "
            "posted in it. Nothing was posted."
        ),
        "too_large": _(
            "Your email was larger than the %(size)s we accept. Nothing was posted. Please "
            "reply on the website, where files can be attached."
        )
        % {"size": filesizeformat(settings.INBOUND_MAX_BYTES)},
        "bad_mime": _(
            "We could not read your email: its format is damaged. Nothing was posted. Please "
            "send your reply again, or reply on the website."
        ),
        "empty": _(
            "We found no reply in your email once quoted text and signatures were taken out. "
            "Write your reply above the quoted message. Nothing was posted."
        ),
        "attachments": _("Your reply was not posted because of its attachments: %(problems)s")
        % {"problems": detail},
        "no_attachments": _(
            "Comments cannot carry attachments. Nothing was posted. Send your reply again "
            "without them, or share the file on the website."
        ),
        "refused": _("Your reply was not posted: %(why)s") % {"why": detail},
    }
    return texts[reason]


# --- receiving -------------------------------------------------------------------------------
def _raw_bytes(message):
    if isinstance(message, bytes | bytearray | memoryview):
        return bytes(message)
    if isinstance(message, StdEmailMessage) or hasattr(message, "as_bytes"):
        return message.as_bytes()
    raise TypeError("receive() takes the message's bytes or an email.message.EmailMessage")


def is_reply_address(address):
    return token_from_address(address) is not None


def receive(message, *, recipients=None, envelope_sender=None, via="smtp"):
    """Store a received message (bytes or an email.message.EmailMessage) once per reply address
    it was sent to, and queue its processing. `recipients`: the envelope's (SMTP RCPT TO), else
    the reply addresses its headers name. Returns the rows (old ones for a redelivery)."""
    raw = _raw_bytes(message)
    too_large = len(raw) > settings.INBOUND_MAX_BYTES
    stored = parsing.headers_only(raw) if too_large else raw
    parsed = parsing.parse(stored)
    key = parsing.message_key(parsed, raw)
    wanted = recipients if recipients is not None else parsing.addressed_to(parsed)
    addresses = [a.strip().strip("<>").lower() for a in wanted if is_reply_address(a)]
    addresses = list(dict.fromkeys(addresses)) or [""]
    rows = []
    for recipient in addresses:
        values = {
            "sender": parsing.from_address(parsed)[:320],
            "envelope_sender": None if envelope_sender is None else envelope_sender[:320],
            "via": via,
            "size": len(raw),
            "too_large": too_large,
            "raw": stored,
        }
        try:
            with transaction.atomic():
                row, created = InboundMessage.objects.get_or_create(
                    key=key, recipient=recipient[:320], defaults=values
                )
                if created:
                    from .tasks import process_message

                    handoff.enqueue(process_message, row.pk)
        except IntegrityError:  # the same message arriving twice at once
            row = InboundMessage.objects.get(key=key, recipient=recipient[:320])
        rows.append(row)
    return rows


# --- processing ------------------------------------------------------------------------------
def _decide(row):
    """What to do with one stored message (posting it, when it may be posted)."""
    message = parsing.parse(bytes(row.raw))
    if parsing.is_automatic(message, row.envelope_sender):
        return Outcome(Status.IGNORED, "automatic")
    if not row.recipient:
        return Outcome(Status.IGNORED, "not_a_reply_address")
    if row.too_large:
        return Outcome(Status.REFUSED, "too_large")
    token = token_from_address(row.recipient)
    if token is None:
        return Outcome(Status.IGNORED, "not_a_reply_address")
    try:
        target = read_token(token)
    except ExpiredToken:
        return Outcome(Status.REFUSED, "expired_address")
    except BadToken:
        return Outcome(Status.REFUSED, "unknown_address")
    user = get_user_model().objects.filter(pk=target.user_id).first()
    if user is None:
        return Outcome(Status.REFUSED, "unknown_address")
    sender = parsing.from_address(message)
    verified = (
        sender
        and EmailAddress.objects.filter(user=user, email__iexact=sender, verified=True).exists()
    )
    if not verified:
        return Outcome(Status.REFUSED, "not_your_address")
    if not user.is_active:
        return Outcome(Status.REFUSED, "cannot_post", user=user)
    item = posting.find_item(user, target.content_type_id, target.object_id)
    if item is None:
        return Outcome(Status.REFUSED, "cannot_post", user=user)
    if posting.is_closed_down(item):
        return Outcome(Status.REFUSED, "closed_down", user=user)
    try:
        parsing.check_structure(message)
        text = parsing.reply_text(message)
        files = parsing.attachments(message)
    except parsing.BadMessage:
        return Outcome(Status.REFUSED, "bad_mime", user=user)
    if not text.strip():
        return Outcome(Status.REFUSED, "empty", user=user)
    uploads, problem = _uploads(files, item)
    if problem:
        return Outcome(Status.REFUSED, problem[0], problem[1], user=user)
    try:
        with transaction.atomic():
            posted = posting.post(
                item=item, author=user, body=plain_text_to_html(text), files=uploads
            )
    except (Invalid, PermissionDenied) as error:
        return Outcome(Status.REFUSED, "refused", str(error), user=user)
    return Outcome(Status.POSTED, "posted", user=user, url=posted.get_absolute_url())


def _uploads(files, item):
    """(uploads, None), or ([], (reason, detail)) when the files break the upload rules."""
    if not files:
        return [], None
    if not posting.takes_files(item):
        return [], ("no_attachments", "")
    if len(files) > MAX_FILES:
        return [], ("attachments", _("attach at most %(n)s files.") % {"n": MAX_FILES})
    policy = UploadPolicy.from_settings()
    uploads, problems = [], []
    for name, content_type, payload in files:
        upload = SimpleUploadedFile(name, payload, content_type=content_type)
        try:
            validate_upload(upload, policy)
        except ValidationError as error:
            problems.extend(error.messages)
        uploads.append(upload)
    if problems:
        return [], ("attachments", " ".join(problems))
    return uploads, None


def _refuse(row, outcome):
    """Queue the one email back (inside the transaction that records the refusal)."""
    message = parsing.parse(bytes(row.raw))
    to = parsing.from_address(message)
    if not to:
        return
    recent = InboundMessage.objects.filter(
        sender=to,
        status=Status.REFUSED,
        processed_at__gte=timezone.now() - timedelta(hours=1),
    ).exclude(pk=row.pk)
    if recent.count() >= REFUSALS_PER_HOUR:
        log.warning("inbound message %s refused without an answer: too many for one sender", row.pk)
        return
    original = parsing.header(message, "Message-ID")
    headers = {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
    if original and len(original) < 250:
        headers["In-Reply-To"] = original
        headers["References"] = original
    queue_templated_email(
        to=[to],
        template="inbound/email/refused",
        context={"why": str(refusal_text(outcome.reason, outcome.detail))},
        headers=headers,
    )


def process(pk):
    """Decide what happens to stored message `pk`, once. Returns the row."""
    with transaction.atomic():
        row = InboundMessage.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.status != Status.RECEIVED:
            return row
        outcome = _decide(row)
        row.status, row.reason, row.user = outcome.status, outcome.reason, outcome.user
        row.posted_url = outcome.url[:500]
        row.last_error = outcome.detail[:500]
        row.processed_at = timezone.now()
        row.attempts += 1
        row.save()
        if outcome.status == Status.REFUSED:
            _refuse(row, outcome)
    log.info("inbound message %s: %s (%s)", row.pk, row.status, row.reason)
    return row


def record_error(pk, error, *, final):
    """Processing raised: count the attempt; after the last one the row says "failed"."""
    changes = {
        "last_error": f"{type(error).__name__}: {error}"[:500],
        "attempts": F("attempts") + 1,
    }
    if final:
        changes["status"] = Status.FAILED
        changes["processed_at"] = timezone.now()
    InboundMessage.objects.filter(pk=pk, status=Status.RECEIVED).update(**changes)
