"""allauth's sign-up forms, keeping to the email domains the sign-in policy lists.

Apart from accounts.forms because allauth builds its forms on ACCOUNT_SIGNUP_FORM_CLASS, which
lives there.
"""

from allauth.account.forms import SignupForm
from allauth.socialaccount.forms import SignupForm as SocialSignupForm
from django import forms
from django.utils.translation import gettext as _

from .models import SignInPolicy


def allowed_email(email):
    policy = SignInPolicy.current()
    if email and not policy.allows_signup(email):
        raise forms.ValidationError(
            _("Sign-up here is open to email addresses at %(domains)s only.")
            % {"domains": ", ".join(policy.domains)},
            code="domain",
        )
    return email


class PasswordSignupForm(SignupForm):
    def clean_email(self):
        return allowed_email(super().clean_email())


class SSOSignupForm(SocialSignupForm):
    def clean_email(self):
        return allowed_email(super().clean_email())
