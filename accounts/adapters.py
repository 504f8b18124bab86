"""allauth adapters: which account a single sign-on reaches, and two-factor wordings and rules."""

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import SignInPolicy
from .two_factor import SECOND_FACTORS, holds_a_responsible_role


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        """Only the provider configured in the environment (settings), never rows in the database.

        Single sign-on is off unless the deployment configures it, and finding the provider
        costs no query on the sign-in page.
        """
        from allauth.socialaccount.adapter import _build_apps_from_settings

        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def authenticate_by_email(self, sociallogin):
        """An existing account is reached by email only when both sides verified the address.

        The provider must say the address is verified (email_verified), and the account here
        must have confirmed the same address; anything less could hand one person's account
        to whoever controls a look-alike identity at the provider.
        """
        for address in sociallogin.email_addresses:
            if not address.verified or not self.can_authenticate_by_email(
                sociallogin, address.email
            ):
                continue
            confirmed = (
                EmailAddress.objects.filter(email__iexact=address.email, verified=True)
                .select_related("user")
                .first()
            )
            if confirmed and confirmed.user.is_active:
                return confirmed.user, confirmed.email
        return None

    def pre_social_login(self, request, sociallogin):
        """Refuse, saying why, a sign-in that would need an account we may not create."""
        if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
            return
        provider = sociallogin.provider.name if sociallogin.provider else _("your organisation")
        address = next(iter(sociallogin.email_addresses), None)
        if address is None or not address.verified:
            refuse(request, provider, "unverified", email=address.email if address else "")
        policy = SignInPolicy.current()
        if not policy.allows_signup(address.email):
            refuse(request, provider, "domain", email=address.email, domains=policy.domains)

    def is_open_for_signup(self, request, sociallogin):
        address = next(iter(sociallogin.email_addresses), None)
        return bool(address) and SignInPolicy.current().allows_signup(address.email)

    def populate_user(self, request, sociallogin, data):
        """A new member is named as the provider names them (or by their address)."""
        user = super().populate_user(request, sociallogin, data)
        name = (data.get("name") or "").strip()
        if not name:
            name = " ".join(filter(None, [data.get("first_name"), data.get("last_name")]))
        user.name = (name or (data.get("email") or "").partition("@")[0])[:150]
        return user


def refuse(request, provider, reason, **context):
    response = render(
        request,
        "accounts/sso_refused.html",
        {"provider": provider, "reason": reason, **context},
        status=403,
    )
    raise ImmediateHttpResponse(response)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": gettext_lazy(
            "That code is not right. Enter the 6-digit code your authenticator app shows now "
            "(each code works once), or one of your unused recovery codes."
        ),
        "cannot_delete_authenticator": gettext_lazy(
            "Your role on this site needs two-factor authentication, so you cannot remove your "
            "last authenticator app or security key."
        ),
    }

    def can_delete_authenticator(self, authenticator):
        """Admins and facilitators keep a second factor while the policy requires one."""
        if authenticator.type not in SECOND_FACTORS:
            return True
        policy = SignInPolicy.current()
        if not (
            policy.require_two_factor_for_staff and holds_a_responsible_role(authenticator.user)
        ):
            return True
        others = Authenticator.objects.filter(user=authenticator.user, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
