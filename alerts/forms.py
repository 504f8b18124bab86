from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AlertPreferences, Frequency


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = AlertPreferences
        fields = ["default_frequency", "paused"]
        labels = {
            "default_frequency": _(
                "How often, for communities I join and things I start following"
            ),
            "paused": _("Pause all email alerts"),
        }
        widgets = {"default_frequency": forms.RadioSelect}


class SubscribeForm(forms.Form):
    """Posted by the "Subscribe for email alerts" tool on any followable page."""

    target = forms.CharField(max_length=100)
    target_id = forms.IntegerField(min_value=1)
    feature = forms.CharField(max_length=16, required=False)
    frequency = forms.ChoiceField(choices=Frequency.choices, label=_("How often"))
    next = forms.CharField(max_length=500, required=False)


def subscription_frequencies(post, ids):
    """{id: frequency} from the "My alerts" list's `frequency-<id>` selects (valid values only)."""
    valid = set(Frequency.values)
    found = {}
    for pk in ids:
        value = post.get(f"frequency-{pk}")
        if value in valid:
            found[pk] = value
    return found
