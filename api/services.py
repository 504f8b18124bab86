"""Making, using and revoking personal access tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import Invalid

from .models import AccessToken

TOKEN_PREFIX = "cop_"
LIFETIMES_DAYS = (30, 90, 365)
# last_used_at is written at most this often per token, so reading the API is not a write each time.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest_of(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user, name, scope, days):
    """A new token for `user`: returns (AccessToken, the secret), the secret never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise Invalid(_("Give the token a name, so you know what uses it."))
    if days not in LIFETIMES_DAYS:
        raise Invalid(_("Choose how long the token lasts from the list."))
    if scope not in AccessToken.Scope.values:
        raise Invalid(_("Choose read only or read and write."))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=digest_of(secret),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, secret


def token_revoke(*, token, user):
    """Revoke one of `user`'s own tokens (revoking twice changes nothing)."""
    AccessToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def token_for(secret):
    """The usable token with this secret, with its user, or None. One query (two when its
    last-used time is due to be written)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    now = timezone.now()
    token = (
        AccessToken.objects.usable(now)
        .select_related("user")
        .filter(digest=digest_of(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
