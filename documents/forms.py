from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from richtext.fields import RichTextFormField

from .uploads import DocumentPolicy, check_upload

SORTS = {
    "latest": _("Latest updates"),
    "az": _("A–Z"),
    "mine": _("My documents"),
    "rated": _("Highest rated"),
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
        error_messages={"required": _("Give the document a title.")},
        help_text=_("What people will see in the library, e.g. “Site guide: wikis”."),
    )
    description = RichTextFormField(
        label=_("Description"),
        required=False,
        help_text=_("Optional. What it is, who it is for, and any feedback you would like."),
    )
    file = DocumentFileField(label=_("File"))


class DetailsForm(VersionedForm, forms.Form):
    conflict_noun = _("document's details")

    title = forms.CharField(
        max_length=200, error_messages={"required": _("Give the document a title.")}
    )
    description = RichTextFormField(label=_("Description"), required=False, help_text="")


class VersionForm(forms.Form):
    file = DocumentFileField(label=_("New version of the file"))
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("A few words for the version history, e.g. “Updated the figures for 2024”."),
        error_messages={"required": _("Say briefly what changed in this version.")},
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, f"{n} star{'s' if n > 1 else ''}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose from 1 to 5 stars."),
            "invalid_choice": _("Choose from 1 to 5 stars."),
        },
    )


class LibraryForm(forms.Form):
    sort = forms.ChoiceField(label=_("Sort by"), choices=list(SORTS.items()), required=False)

    def sort_value(self):
        if self.is_valid():
            return self.cleaned_data.get("sort") or "latest"
        return "latest"
