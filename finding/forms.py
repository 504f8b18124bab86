from django import forms
from django.utils.translation import gettext_lazy as _

from wikis.models import WikiPage

from .models import FirstAction


class NewcomerSettingsForm(forms.Form):
    first_action = forms.ChoiceField(
        label=_("One first easy action for newcomers"),
        choices=FirstAction.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    starter_page = forms.ModelChoiceField(
        label=_("Starter wiki page (for “Read a starter wiki page”)"),
        queryset=WikiPage.objects.none(),
        required=False,
        empty_label=_("No page"),
    )
    ask_after_hours = forms.IntegerField(
        label=_("Suggest people to ask when a question has had no reply for (hours)"),
        min_value=1,
        max_value=24 * 14,
        help_text=_("Between 1 hour and 14 days (336 hours). The usual is 24."),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starter_page"].queryset = WikiPage.objects.filter(  # visibility: own community
            community=community
        ).order_by("title")

    def clean(self):
        data = super().clean()
        if data.get("first_action") == FirstAction.READ and not data.get("starter_page"):
            self.add_error("starter_page", _("Choose the page newcomers should read first."))
        return data


class AskForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)


class AskPreferenceForm(forms.Form):
    may_be_asked = forms.TypedChoiceField(
        label=_("May other members ask you to help with questions?"),
        choices=[
            ("yes", _("Yes: at most 3 times a week, about questions I can see")),
            ("no", _("No, never ask me")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
