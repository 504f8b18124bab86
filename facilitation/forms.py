from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import WeekSettings

PERIODS = {"7d": (_("Last 7 days"), 7), "28d": (_("Last 28 days"), 28)}
EARLIEST = date(2000, 1, 1)
LONGEST = timedelta(days=366)


class PeriodForm(forms.Form):
    """The period of the health figures: a GET form, so every choice has its own address."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[
            *((key, label) for key, (label, _days) in PERIODS.items()),
            ("custom", _("Choose dates")),
        ],
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
        data["period"] = choice = data.get("period") or "7d"
        if choice != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", _("Enter the first day of the period."))
        if end is None and "end" not in self.errors:
            self.add_error("end", _("Enter the last day of the period."))
        if start is None or end is None:
            return data
        if start < EARLIEST:
            self.add_error(
                "start",
                _("Choose a date from %(date)s onwards.")
                % {"date": date_format(EARLIEST, "j F Y")},
            )
        if end > timezone.localdate():
            self.add_error("end", _("The period cannot end in the future."))
        if start > end:
            self.add_error("end", _("The last day must be on or after the first day."))
        elif end - start > LONGEST:
            self.add_error("end", _("Choose a period of at most a year."))
        return data

    def get_period(self, now=None):
        """(start, end, label): the chosen period, or the last 7 days when unbound or invalid."""
        now = now or timezone.now()
        choice = self.cleaned_data["period"] if self.is_bound and self.is_valid() else "7d"
        if choice == "custom":
            tz = timezone.get_current_timezone()
            first, last = self.cleaned_data["start"], self.cleaned_data["end"]
            start = timezone.make_aware(datetime.combine(first, time.min), tz)
            end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
            return start, end, f"{first:%-d %b %Y} to {last:%-d %b %Y}"
        label, days = PERIODS[choice]
        return now - timedelta(days=days), now, label


class WeekSettingsForm(forms.ModelForm):
    class Meta:
        model = WeekSettings
        fields = ["unanswered_hours"]
        help_texts = {
            "unanswered_hours": _(
                "Topics and questions with no reply for this long are listed. "
                "48 hours unless you choose otherwise."
            )
        }
        error_messages = {
            "unanswered_hours": {
                "required": _("Enter a number of hours."),
                "invalid": _("Enter a whole number of hours."),
            }
        }

    def clean_unanswered_hours(self):
        hours = self.cleaned_data["unanswered_hours"]
        if not 1 <= hours <= 720:
            raise forms.ValidationError(_("Choose between 1 hour and 720 hours (30 days)."))
        return hours


class WeeklyEmailForm(forms.Form):
    wanted = forms.BooleanField(
        label=_("Email me this summary every Monday morning"), required=False
    )


class AskForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mention someone with @ and their username: they are told by email."),
        error_messages={"required": _("Write your reply before posting it.")},
    )


class NoteForm(forms.Form):
    subject = forms.CharField(
        max_length=150, error_messages={"required": _("Enter a subject for your note.")}
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your note before sending it.")},
    )
