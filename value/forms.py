from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import MAX_AMOUNT, MAX_STORY, Unit

EARLIEST = date(2000, 1, 1)
LONGEST = timedelta(days=5 * 366)
DEFAULT_DAYS = 90


TOO_MUCH = format_lazy(
    _("Enter at most {limit}: one person's saving from one item."), limit=f"{MAX_AMOUNT:,}"
)


class StoryForm(forms.Form):
    helped_with = forms.CharField(
        label=_("What did it help you with? (optional)"),
        help_text=format_lazy(
            _("A sentence or two, up to {limit} characters."), limit=f"{MAX_STORY:,}"
        ),
        required=False,
        max_length=MAX_STORY,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    saved_amount = forms.DecimalField(
        label=_("Time or money it saved (optional)"),
        help_text=_("A number, such as 3 or 1.5."),
        required=False,
        min_value=0.1,
        max_value=MAX_AMOUNT,
        max_digits=7,
        decimal_places=1,
        error_messages={
            "min_value": _("Enter a number above 0."),
            "max_value": TOO_MUCH,
            "max_decimal_places": _("Use at most one decimal place, such as 1.5."),
            "max_digits": TOO_MUCH,
            "invalid": _("Enter the time or money saved as a number, such as 3 or 1.5."),
        },
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0.1", "inputmode": "decimal"}),
    )
    saved_unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        choices=[("", _("Choose a unit"))] + list(Unit.choices),
        error_messages={"invalid_choice": _("Choose hours, days or pounds.")},
    )

    def clean(self):
        data = super().clean()
        amount, unit = data.get("saved_amount"), data.get("saved_unit")
        if "saved_amount" in self.errors or "saved_unit" in self.errors:
            return data
        if amount is not None and not unit:
            self.add_error("saved_unit", _("Choose hours, days or pounds for the saving."))
        elif unit and amount is None:
            self.add_error("saved_amount", _("Say how much it saved, or leave the unit empty."))
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))])


class ReportPeriodForm(forms.Form):
    """The sponsor report's period: a GET form, so every report has its own address. Both days
    are included; the default is the last 90 days."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start < EARLIEST:
            self.add_error(
                "start",
                _("Choose a date from %(date)s onwards.")
                % {"date": date_format(EARLIEST, "j F Y")},
            )
        if end > today:
            self.add_error("end", _("The period cannot end in the future."))
        if start > end:
            self.add_error("end", _("The last day must be on or after the first day."))
        elif end - start > LONGEST:
            self.add_error("end", _("Choose a period of at most five years."))
        data["start"], data["end"] = start, end
        return data

    def __init__(self, data=None, **kwargs):
        end = timezone.localdate()
        kwargs.setdefault("initial", {"start": end - timedelta(days=DEFAULT_DAYS - 1), "end": end})
        super().__init__(data, **kwargs)

    def dates(self):
        """(first day, last day): the chosen ones, or the default when the form is invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        end = timezone.localdate()
        return end - timedelta(days=DEFAULT_DAYS - 1), end
