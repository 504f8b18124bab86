"""Per-recipient reply addresses for alert emails: `reply+<token>@<REPLY_DOMAIN>`.

The token names the person, the item the alert is about (content type and id) and the day it
was issued, followed by an HMAC of those (the project's SECRET_KEY, its own salt), so nobody can
make one up or move one to another person or item. Everything is lower case and short enough
for an address's local part (at most 64 characters), because some mail servers change the case
of what they pass on. An address is good for REPLY_ADDRESS_DAYS after it was issued.

Which items take replies is decided by the app that posts them (`accept_replies`, registered at
start-up), so this module knows nothing about forums or comments.
"""

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "alerts.replyto.reply-address"
PREFIX = "reply+"
_SIGNATURE_BYTES = 15  # 120 bits, 24 characters of base32
_TOKEN = re.compile(
    r"^([0-9a-z]{1,13})-([0-9a-z]{1,13})-([0-9a-z]{1,13})-([0-9a-z]{1,6})-([a-z2-7]{24})$"
)

_acceptors = []


class BadToken(ValueError):
    """Not an address this site issued (or it was changed)."""


class ExpiredToken(ValueError):
    """An address this site issued, older than REPLY_ADDRESS_DAYS."""


@dataclass(frozen=True)
class ReplyTarget:
    user_id: int
    content_type_id: int
    object_id: int
    issued_day: int


def accept_replies(test, may_reply=None):
    """Register `test(model) -> bool`: items of the models it accepts get reply addresses, for
    the people `may_reply(user, content_type_id, object_id) -> bool` allows (everyone when it
    is not given), so an alert offers a reply only to those who may post one."""
    if all(test is not known for known, _ in _acceptors):
        _acceptors.append((test, may_reply))


def is_enabled():
    return bool(getattr(settings, "REPLY_DOMAIN", ""))


def _acceptor(model):
    if model is None:
        return None
    return next(((test, check) for test, check in _acceptors if test(model)), None)


def takes_replies(model):
    return _acceptor(model) is not None


def _b36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if number < 0:
        raise ValueError("negative")
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _today():
    return (datetime.now(UTC).date() - datetime(1970, 1, 1, tzinfo=UTC).date()).days


def _signature(payload, secret=None):
    digest = salted_hmac(SALT, payload, secret=secret, algorithm="sha256").digest()
    return base64.b32encode(digest[:_SIGNATURE_BYTES]).decode().lower()


def _signed(payload, signature):
    """Made with SECRET_KEY, or with a key it replaced (SECRET_KEY_FALLBACKS), so rotating the
    key does not break the addresses in alerts already sent."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(signature, _signature(payload, key)) for key in secrets)


def make_token(*, user_id, content_type_id, object_id, issued_day=None):
    issued_day = _today() if issued_day is None else issued_day
    payload = "-".join(_b36(n) for n in (user_id, content_type_id, object_id, issued_day))
    return f"{payload}-{_signature(payload)}"


def read_token(token):
    """The ReplyTarget a token names. Raises BadToken for anything this site did not issue and
    ExpiredToken for one older than REPLY_ADDRESS_DAYS (checked after the signature)."""
    match = _TOKEN.match((token or "").strip().lower())
    if not match:
        raise BadToken("not a reply token")
    *parts, signature = match.groups()
    payload = "-".join(parts)
    if not _signed(payload, signature):
        raise BadToken("signature does not match")
    user_id, content_type_id, object_id, issued_day = (int(part, 36) for part in parts)
    age = _today() - issued_day
    if age < 0 or age > settings.REPLY_ADDRESS_DAYS:
        raise ExpiredToken("reply address expired")
    return ReplyTarget(user_id, content_type_id, object_id, issued_day)


def token_from_address(address):
    """The token of `reply+<token>@<REPLY_DOMAIN>`, or None for any other address."""
    address = (address or "").strip().strip("<>").lower()
    local, at, domain = address.rpartition("@")
    if not at or not is_enabled() or domain != settings.REPLY_DOMAIN.lower():
        return None
    if not local.startswith(PREFIX):
        return None
    return local[len(PREFIX) :]


def address_for(*, user_id, content_type_id, object_id):
    token = make_token(user_id=user_id, content_type_id=content_type_id, object_id=object_id)
    return f"{PREFIX}{token}@{settings.REPLY_DOMAIN.lower()}"


def reply_address(*, user, activity):
    """The address `user` may reply to about `activity`'s subject, or "" when replies by email
    are off, the subject takes none, or `user` may not post there."""
    if not is_enabled() or not activity.subject_type_id or not activity.subject_id:
        return ""
    model = ContentType.objects.get_for_id(activity.subject_type_id).model_class()
    acceptor = _acceptor(model)
    if acceptor is None:
        return ""
    may_reply = acceptor[1]
    if may_reply is not None and not may_reply(user, activity.subject_type_id, activity.subject_id):
        return ""
    return address_for(
        user_id=user.pk, content_type_id=activity.subject_type_id, object_id=activity.subject_id
    )
