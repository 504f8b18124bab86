from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from core.formfields import WallClockField
from richtext.fields import RichTextFormField

from . import timezones


def timezone_choices():
    """Canonical zones by region, the site's own zone first (see events.timezones)."""
    return timezones.grouped_choices(settings.TIME_ZONE)


class TimeZoneField(forms.ChoiceField):
    """A canonical zone. An alias (an event saved as "Asia/Calcutta") is shown and saved as the
    zone it names ("Asia/Kolkata"); `keep` is a stored name with no canonical equivalent, which
    stays valid on that one form."""

    def __init__(self, *, keep=None, **kwargs):
        self.keep = keep
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return timezones.canonical(value) or value

    def to_python(self, value):
        value = super().to_python(value)
        return timezones.canonical(value) or value

    def valid_value(self, value):
        return value in timezones.canonical_zones() or (value and value == self.keep)


class EventForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": _("Give the event a title.")}
    )
    description = RichTextFormField(
        label=_("Description"),
        required=False,
        help_text=_("What it is about, who it is for, the agenda. Optional."),
    )
    location = forms.CharField(
        max_length=300,
        required=False,
        help_text=_("Where it takes place (a venue and town). Leave empty if it is online only."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The address people use to join online (starting https:// or http://)."),
    )
    timezone = TimeZoneField(
        label=_("Time zone"),
        choices=timezone_choices,
        initial=lambda: settings.TIME_ZONE,
        help_text=_("The start and end below are in this time zone."),
    )
    starts_at = WallClockField(
        label=_("Starts"),
        help_text=_("Date and time in the event's time zone, for example 2027-09-19 09:00."),
    )
    ends_at = WallClockField(
        label=_("Ends"),
        help_text=_("Date and time in the event's time zone; after the start."),
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=get_user_model().objects.none(),
        help_text=_("A member of the community people can send a message to about the event."),
        error_messages={
            "required": _("Choose a contact person."),
            "invalid_choice": _("The contact person must be a member of this community."),
        },
    )
    capacity = forms.IntegerField(
        label=_("Places (optional)"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_(
            "Leave empty for no limit. When the places are taken, people join a waiting "
            "list and move up when someone cannot come."
        ),
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        members = get_user_model().objects.filter(community_memberships__community=community)
        self.fields["contact"].queryset = members.order_by("name", "pk")
        self.fields["contact"].label_from_instance = lambda user: user.display_name
        self.fields["description"].widget.attrs["rows"] = 8
        self._keep_stored_timezone()

    def _keep_stored_timezone(self):
        """An event saved in a zone that is neither offered nor an alias of one keeps it."""
        stored = self.initial.get("timezone")
        if stored and timezones.canonical(stored) is None and stored in available_timezones():
            field = self.fields["timezone"]
            field.keep = stored
            field.choices = [(stored, stored.replace("_", " "))] + list(field.choices)

    @classmethod
    def initial_for(cls, event):
        """The form's values for an existing event, shown in the event's own time zone."""
        return {
            "title": event.title,
            "description": event.description,
            "location": event.location,
            "online_url": event.online_url,
            "timezone": event.timezone,
            "starts_at": event.local_start.replace(tzinfo=None),
            "ends_at": event.local_end.replace(tzinfo=None),
            "contact": event.contact_id,
            "capacity": event.capacity,
        }

    def clean_online_url(self):
        url = self.cleaned_data["online_url"]
        if url and urlsplit(url).scheme not in {"http", "https"}:
            raise ValidationError(_("The online link must start with https:// or http://."))
        return url

    def clean(self):
        data = super().clean()
        if (
            not data.get("location")
            and not data.get("online_url")
            and not self.has_error("online_url")
        ):
            self.add_error("location", _("Give a location, an online link, or both."))
        zone_name = data.get("timezone")
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if zone_name and starts and ends:
            zone = ZoneInfo(zone_name)
            data["starts_at"] = starts = starts.replace(tzinfo=zone)
            data["ends_at"] = ends = ends.replace(tzinfo=zone)
            if ends <= starts:
                self.add_error("ends_at", _("The end must be after the start."))
        return data


class EventEditForm(VersionedForm, EventForm):
    conflict_noun = _("event")


class CancelEventForm(forms.Form):
    note = forms.CharField(
        label=_("A message for the people signed up (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why it is off, or what happens instead. It goes in the email they get and "
            "stays on the event's page. At most 1,000 characters."
        ),
        error_messages={
            "max_length": _(
                "Keep the message to 1,000 characters or fewer (it has %(show_value)d)."
            )
        },
    )
