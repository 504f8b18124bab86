from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.formfields import WallClockField

from .models import MAX_CHOICES, MIN_CHOICES, Poll


class PollForm(forms.Form):
    question = forms.CharField(
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
        error_messages={"required": _("Write the question members will answer.")},
    )
    multiple = forms.TypedChoiceField(
        label=_("How many answers may each member choose?"),
        choices=[("no", _("One answer")), ("yes", _("Several answers"))],
        coerce=lambda value: value == "yes",
        initial="no",
        widget=forms.RadioSelect,
    )
    closes_at = WallClockField(
        label=_("Closing date (optional)"),
        required=False,
        help_text=format_lazy(
            _(
                "Date and time, UK time ({zone}), for example 2027-09-30 17:00. Leave empty to "
                "close it yourself."
            ),
            zone=settings.TIME_ZONE,
        ),
    )
    results_visibility = forms.ChoiceField(
        label=_("Who sees the results before the poll closes?"),
        choices=Poll.Results.choices,
        initial=Poll.Results.AFTER_VOTE,
        widget=forms.RadioSelect,
        help_text=_("Everyone sees the results once it has closed; facilitators always can."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{number}"] = forms.CharField(
                label=_("Choice %(number)s") % {"number": number},
                max_length=200,
                required=False,
                help_text=(
                    _("Between %(MIN_CHOICES)s and %(MAX_CHOICES)s choices; leave the rest empty.")
                    % {"MIN_CHOICES": MIN_CHOICES, "MAX_CHOICES": MAX_CHOICES}
                    if number == 1
                    else ""
                ),
            )
        # Keep the choices after the question and before the settings.
        order = ["question", *(f"choice_{n}" for n in range(1, MAX_CHOICES + 1))]
        self.order_fields(order)

    def clean_closes_at(self):
        value = self.cleaned_data["closes_at"]
        if value is None:
            return None
        value = value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        if value <= timezone.now():
            raise ValidationError(_("The closing date must be in the future."))
        return value

    def clean(self):
        data = super().clean()
        choices = [(data.get(f"choice_{n}") or "").strip() for n in range(1, MAX_CHOICES + 1)]
        choices = [text for text in choices if text]
        if len(choices) < MIN_CHOICES:
            self.add_error(
                "choice_1",
                _("Give at least %(MIN_CHOICES)s choices.") % {"MIN_CHOICES": MIN_CHOICES},
            )
        lowered = [text.casefold() for text in choices]
        if len(set(lowered)) != len(lowered):
            self.add_error("choice_1", _("Each choice must be different."))
        data["choices"] = choices
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "question": data["question"],
            "choices": data["choices"],
            "multiple": data["multiple"],
            "closes_at": data["closes_at"],
            "results_visibility": data["results_visibility"],
        }


class VoteForm(forms.Form):
    """One radio group (or a set of checkboxes) named after the poll's choices."""

    def __init__(self, *args, poll, choices, **kwargs):
        super().__init__(*args, **kwargs)
        options = [(str(choice.pk), choice.text) for choice in choices]
        if poll.multiple:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=poll.question,
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": _("Tick at least one answer.")},
            )
        else:
            self.fields["choice"] = forms.ChoiceField(
                label=poll.question,
                choices=options,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one of the answers.")},
            )

    def choice_ids(self):
        value = self.cleaned_data["choice"]
        return [int(v) for v in (value if isinstance(value, list) else [value])]
