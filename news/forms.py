from django import forms
from django.core.exceptions import ValidationError

from .fetching import RefusedAddress, check_address, check_url, literal_address


class FeedForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        help_text="How the feed is listed, for example “BBC News”.",
        error_messages={"required": "Give the feed a name."},
    )
    url = forms.URLField(
        label="Address (URL)",
        max_length=1000,
        assume_scheme="https",
        help_text="The address of the RSS or Atom feed, starting https:// or http://.",
        error_messages={
            "required": "Enter the feed's address.",
            "invalid": "Enter a web address, like https://www.example.org/news/feed.xml.",
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
                "This address cannot be used: "
                + str(error).removeprefix("refused: ").rstrip(".")
                + "."
            ) from None
        return url


class NewsSettingsForm(forms.Form):
    members_may_add = forms.BooleanField(
        label="Members may add news feeds",
        required=False,
        help_text="Otherwise only facilitators can add feeds.",
    )


class FeedFilterForm(forms.Form):
    """ "View news feeds from": one feed, or all of them (a GET form that works without JS)."""

    feed = forms.TypedChoiceField(
        label="View news feeds from", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, feeds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["feed"].choices = [("", "All news feeds")] + [(f.pk, f.name) for f in feeds]
