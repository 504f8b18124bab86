"""Who is calling: a personal access token (`Authorization: Bearer <token>`) or the site's own
session. Both end in the same place: `request.user` is the member, `request.auth` says how they
came, and the rate limit and the token's scope are applied before the endpoint runs.

A request that sends an Authorization header is judged by its token alone: a bad, expired or
revoked token is a 401 even when a session cookie comes with it. Writes with a session need the
CSRF token, as every form on the site does.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import AccessToken
from .problems import Problem
from .services import token_for

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Caller:
    user: object
    token: AccessToken | None = None

    @property
    def can_write(self):
        return self.token is None or self.token.can_write

    @property
    def rate_key(self):
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"user:{self.user.pk}"


def rate_limit():
    """(requests, seconds) per token, or per member for the session."""
    return (
        int(getattr(settings, "API_RATE_LIMIT_REQUESTS", 600)),
        int(getattr(settings, "API_RATE_LIMIT_WINDOW", 60)),
    )


def _count(caller):
    """Count this request in the current window (the cache: Redis in production); raise 429
    with Retry-After once the window's allowance is spent."""
    allowed, window = rate_limit()
    now = int(timezone.now().timestamp())
    start = now - now % window
    key = f"api-rate:{caller.rate_key}:{start}"
    cache.add(key, 0, timeout=window + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        used = 1
    if used > allowed:
        raise Problem(
            429,
            _("Too many requests: at most %(allowed)s every %(window)s seconds. Try again later.")
            % {"allowed": allowed, "window": window},
            headers={"Retry-After": str(max(1, start + window - now))},
        )


def _check_size(request):
    """Refuse a body over API_MAX_BODY_BYTES before anything reads it."""
    limit = int(getattr(settings, "API_MAX_BODY_BYTES", 262144))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise Problem(
            413, _("The request body is too large: at most %(limit)s bytes.") % {"limit": limit}
        )


def _admit(request, caller):
    _count(caller)
    if request.method not in SAFE_METHODS and not caller.can_write:
        raise Problem(
            403,
            _("This token is read only: make a read-and-write token to change things."),
            slug="read-only-token",
        )
    request.user = caller.user
    return caller


class BearerToken(HttpBearer):
    """A personal access token."""

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None  # try the session
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise AuthenticationError()
        return self.authenticate(request, secret.strip())

    def authenticate(self, request, token):
        _check_size(request)
        found = token_for(token)
        if found is None:
            raise AuthenticationError()
        return _admit(request, Caller(user=found.user, token=found))


class Session(APIKeyCookie):
    """The site's own session cookie (CSRF checked on writes)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return None
        _check_size(request)
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise Problem(
                403,
                _("The CSRF check failed: send the X-CSRFToken header with session writes."),
                slug="csrf",
            )
        return _admit(request, Caller(user=user))


AUTH = [BearerToken(), Session(csrf=False)]
