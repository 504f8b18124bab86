from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """allauth signup extra: the name other members will see."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Shown to other members next to everything you post."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name"]
        labels = {"name": _("Full name")}
        help_texts = {"name": _("Shown to other members next to everything you post.")}
