from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .metrics import PRESETS, custom_period, preset_period

EARLIEST = date(2000, 1, 1)
LONGEST = timedelta(days=5 * 366)


class PeriodForm(forms.Form):
    """The period chooser on the metrics pages: a GET form, so every report has its own URL."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(key, label) for key, (label, _days) in PRESETS.items()]
        + [("custom", _("Choose dates"))],
        required=False,
        widget=forms.RadioSelect,
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        choice = data.get("period") or "30d"
        data["period"] = choice
        if choice != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", _("Enter the first day of the period."))
        if end is None and "end" not in self.errors:
            self.add_error("end", _("Enter the last day of the period."))
        if start is None or end is None:
            return data
        today = timezone.localdate()
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
        return data

    def get_period(self):
        """The chosen period; the default (last 30 days) when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return preset_period("30d")
        data = self.cleaned_data
        if data["period"] == "custom":
            return custom_period(data["start"], data["end"])
        return preset_period(data["period"])
