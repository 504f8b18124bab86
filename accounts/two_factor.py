"""Two-factor authentication required of admins and facilitators, when the sign-in policy says so.

Whether someone must still set it up is decided once, when they sign in, and kept in their
session: for everyone else the middleware reads only the session. A policy switched on, or a
member made facilitator, takes effect at that person's next sign-in.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import SignInPolicy

SESSION_KEY = "accounts_two_factor_setup_required"

# Pages a person sent to set up two-factor can still reach: the set-up pages themselves,
# re-entering their password for them, signing out, and confirming an email address.
REACHABLE = {
    "account_logout",
    "account_reauthenticate",
    "account_confirm_email",
    "account_email_verification_sent",
}

# Public views that show a signed-in person the site itself (My home) are gated too.
GATED_PUBLIC_VIEWS = {"core:home"}


def holds_a_responsible_role(user):
    """Site admins, and facilitators of any community.

    The facilitator role is read through the user's memberships by its stored value, so this
    layer needs no import from communities.
    """
    if user.is_staff or user.is_superuser:
        return True
    return user.community_memberships.filter(role="facilitator").exists()


def must_set_up(user):
    if not SignInPolicy.current().require_two_factor_for_staff:
        return False
    if not holds_a_responsible_role(user):
        return False
    return not has_second_factor(user)


def on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if must_set_up(user):
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user):
    """An authenticator app or a security key (recovery codes alone are a fallback, not one)."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


class TwoFactorRequiredMiddleware:
    """Sends a person who must set up two-factor to do so before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = (match.url_name if match else "") or ""
        if name in REACHABLE or name.startswith("mfa_"):
            return None
        public = not getattr(view_func, "login_required", True)
        if public and (match is None or match.view_name not in GATED_PUBLIC_VIEWS):
            # Help, terms, unsubscribe links and health checks: reachable, and the session is
            # not read, so a health check answers while the database is down.
            return None
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        session = getattr(request, "session", None)
        if session is None or not session.get(SESSION_KEY):
            return None
        if not request.user.is_authenticated or has_second_factor(request.user):
            session.pop(SESSION_KEY, None)  # signed out, or set up since
            return None
        messages.warning(
            request,
            _(
                "Your role on this site needs two-factor authentication. "
                "Set up an authenticator app to continue."
            ),
            fail_silently=True,
        )
        return redirect("mfa_activate_totp")
