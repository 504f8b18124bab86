from django import forms
from django.core.exceptions import ValidationError

from core.concurrency import VersionedForm
from richtext.fields import RichTextFormField

from .uploads import DocumentPolicy, check_upload

SORTS = {
    "latest": "Latest updates",
    "az": "A–Z",
    "mine": "My documents",
    "rated": "Highest rated",
}


class DocumentFileField(forms.FileField):
    """One file, checked by documents/uploads.py (type sniffed from its content)."""

    def __init__(self, *args, **kwargs):
        self.policy = DocumentPolicy.from_settings()
        kwargs.setdefault("help_text", self.policy.description)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Choose a file to upload.",
                "empty": "The file you chose is empty (0 bytes). Choose it again, or another file.",
                "invalid": "That was not a file. Choose a file to upload.",
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                upload.checked = check_upload(upload, self.policy)
            except ValidationError as error:
                raise ValidationError(error.messages[0], code=error.code) from None
        return upload


class UploadForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Give the document a title."},
        help_text="What people will see in the library, e.g. “Site guide: wikis”.",
    )
    description = RichTextFormField(
        label="Description",
        required=False,
        help_text="Optional. What it is, who it is for, and any feedback you would like.",
    )
    file = DocumentFileField(label="File")


class DetailsForm(VersionedForm, forms.Form):
    conflict_noun = "document's details"

    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the document a title."}
    )
    description = RichTextFormField(label="Description", required=False, help_text="")


class VersionForm(forms.Form):
    file = DocumentFileField(label="New version of the file")
    note = forms.CharField(
        label="What changed",
        max_length=300,
        help_text="A few words for the version history, e.g. “Updated the figures for 2024”.",
        error_messages={"required": "Say briefly what changed in this version."},
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label="Your rating",
        choices=[(n, f"{n} star{'s' if n > 1 else ''}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose from 1 to 5 stars.",
            "invalid_choice": "Choose from 1 to 5 stars.",
        },
    )


class LibraryForm(forms.Form):
    sort = forms.ChoiceField(label="Sort by", choices=list(SORTS.items()), required=False)

    def sort_value(self):
        if self.is_valid():
            return self.cleaned_data.get("sort") or "latest"
        return "latest"
