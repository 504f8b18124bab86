from django import forms

from .services import MAX_TAGS_PER_ADD


class TagAddForm(forms.Form):
    names = forms.CharField(
        label="Add tags",
        max_length=500,
        required=False,
        help_text=f"Separate tags with commas, e.g. “budget, social care” (up to "
        f"{MAX_TAGS_PER_ADD} at a time).",
    )

    def __init__(self, *args, suggested="", **kwargs):
        super().__init__(*args, **kwargs)
        # A popular tag's button submits its name as `suggested`.
        self.suggested = (suggested or "")[:100].strip()

    def clean(self):
        data = super().clean()
        if not (data.get("names") or "").strip() and not self.suggested:
            self.add_error("names", "Type a tag to add (separate several tags with commas).")
        return data

    def tag_texts(self):
        """What was typed and the suggestion clicked, each parsed on its own."""
        return [self.cleaned_data.get("names") or "", self.suggested]
