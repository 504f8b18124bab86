from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .fetching import RefusedAddress, check_address, check_url, literal_address


class FeedForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        help_text=_("How the feed is listed, for example “BBC News”."),
        error_messages={"required": _("Give the feed a name.")},
    )
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("The address of the RSS or Atom feed, starting https:// or http://."),
        error_messages={
            "required": _("Enter the feed's address."),
            "invalid": _("Enter a web address, like https://www.example.org/news/feed.xml."),
        },
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            _scheme, host, _port, _target = check_url(url)
            # Names are resolved (and checked again) when the feed is fetched; an address that
            # is plainly not public is refused straight away.
            literal = literal_address(host)
            if literal is not None:
                check_address(literal)
        except RefusedAddress as error:
            raise ValidationError(
                _("This address cannot be used: %(reason)s.")
                % {"reason": str(error.reason).rstrip(".")}
            ) from None
        return url


class NewsSettingsForm(forms.Form):
    members_may_add = forms.BooleanField(
        label=_("Members may add news feeds"),
        required=False,
        help_text=_("Otherwise only facilitators can add feeds."),
    )


class FeedFilterForm(forms.Form):
    """ "View news feeds from": one feed, or all of them (a GET form that works without JS)."""

    feed = forms.TypedChoiceField(
        label=_("View news feeds from"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, feeds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feed"].choices = [("", _("All news feeds"))] + [(f.pk, f.name) for f in feeds]
