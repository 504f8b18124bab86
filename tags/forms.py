from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .services import MAX_TAGS_PER_ADD


class TagAddForm(forms.Form):
    names = forms.CharField(
        label=_("Add tags"),
        max_length=500,
        required=False,
        help_text=format_lazy(
            _("Separate tags with commas, e.g. “budget, social care” (up to {count} at a time)."),
            count=MAX_TAGS_PER_ADD,
        ),
    )

    def __init__(self, *args, suggested="", **kwargs):
        super().__init__(*args, **kwargs)
        # A popular tag's button submits its name as `suggested`.
        self.suggested = (suggested or "")[:100].strip()

    def clean(self):
        data = super().clean()
        if not (data.get("names") or "").strip() and not self.suggested:
            self.add_error("names", _("Type a tag to add (separate several tags with commas)."))
        return data

    def tag_texts(self):
        """What was typed and the suggestion clicked, each parsed on its own."""
        return [self.cleaned_data.get("names") or "", self.suggested]
