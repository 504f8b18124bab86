from datetime import date, timedelta

from django import forms
from django.utils import timezone

from .models import MAX_AMOUNT, MAX_STORY, Unit

EARLIEST = date(2000, 1, 1)
LONGEST = timedelta(days=5 * 366)
DEFAULT_DAYS = 90


class StoryForm(forms.Form):
    helped_with = forms.CharField(
        label="What did it help you with? (optional)",
        help_text=f"A sentence or two, up to {MAX_STORY:,} characters.",
        required=False,
        max_length=MAX_STORY,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    saved_amount = forms.DecimalField(
        label="Time or money it saved (optional)",
        help_text="A number, such as 3 or 1.5.",
        required=False,
        min_value=0.1,
        max_value=MAX_AMOUNT,
        max_digits=7,
        decimal_places=1,
        error_messages={
            "min_value": "Enter a number above 0.",
            "max_value": f"Enter at most {MAX_AMOUNT:,}: one person's saving from one item.",
            "max_decimal_places": "Use at most one decimal place, such as 1.5.",
            "max_digits": f"Enter at most {MAX_AMOUNT:,}: one person's saving from one item.",
            "invalid": "Enter the time or money saved as a number, such as 3 or 1.5.",
        },
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0.1", "inputmode": "decimal"}),
    )
    saved_unit = forms.ChoiceField(
        label="Unit",
        required=False,
        choices=[("", "Choose a unit")] + list(Unit.choices),
        error_messages={"invalid_choice": "Choose hours, days or pounds."},
    )

    def clean(self):
        data = super().clean()
        amount, unit = data.get("saved_amount"), data.get("saved_unit")
        if "saved_amount" in self.errors or "saved_unit" in self.errors:
            return data
        if amount is not None and not unit:
            self.add_error("saved_unit", "Choose hours, days or pounds for the saving.")
        elif unit and amount is None:
            self.add_error("saved_amount", "Say how much it saved, or leave the unit empty.")
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])


class ReportPeriodForm(forms.Form):
    """The sponsor report's period: a GET form, so every report has its own address. Both days
    are included; the default is the last 90 days."""

    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="To (inclusive)",
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
            self.add_error("start", f"Choose a date from {EARLIEST:%-d %B %Y} onwards.")
        if end > today:
            self.add_error("end", "The period cannot end in the future.")
        if start > end:
            self.add_error("end", "The last day must be on or after the first day.")
        elif end - start > LONGEST:
            self.add_error("end", "Choose a period of at most five years.")
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
