from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        help_text=_("Only the facilitators see this, and the name of who reported it."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Say what is wrong, so the facilitators know what to look for.")
        },
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("hide", _("Hide it")),
            ("restore", _("Restore it")),
            ("dismiss", _("Dismiss the report")),
        ]
    )
