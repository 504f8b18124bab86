"""Form fields shared by several feature apps."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WALL_CLOCK_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M")


class WallClockField(forms.DateTimeField):
    """A date and time as typed (a <input type="datetime-local">), with no time zone yet: the
    form applies the zone the organiser chose, not the server's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {
        "invalid": _("Enter a date and time, for example 2027-09-19 09:00."),
        "required": _("Enter a date and time."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        for fmt in WALL_CLOCK_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")
