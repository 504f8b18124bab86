from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import AccessToken
from .services import LIFETIMES_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use it, e.g. “Weekly report script”."),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=[
            (AccessToken.Scope.READ, _("Read only: see what you can see")),
            (AccessToken.Scope.WRITE, _("Read and write: also post, join and leave as you")),
        ],
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        choices=[(days, format_lazy(_("{days} days"), days=days)) for days in LIFETIMES_DAYS],
        initial=90,
    )
