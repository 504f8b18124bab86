"""The rich-text field every model and form uses, and the attachments form field.

`RichTextField` sanitises in `pre_save`: whatever path a value takes to the database (a form,
a service, the admin, demo data, a data migration), it is cleaned by `clean_rich_text` on the
way in. That is the one place; nothing else needs to remember to sanitise.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.templatetags.static import static
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.files import UploadPolicy, validate_upload

from .sanitise import clean_rich_text, is_blank

EDITOR_HELP = _(
    "Use the toolbar for headings, lists, links, quotes and tables. Paste a YouTube or Vimeo "
    "address on a line of its own to show the video. Write @username to mention someone. "
    "Without the toolbar you can type plain text (leave a blank line between paragraphs) or "
    "basic HTML."
)


class RichTextWidget(forms.Textarea):
    """A textarea that the editor script enhances; on its own it still works."""

    def __init__(self, attrs=None):
        defaults = {"rows": 12, "data-richtext": "editor", "class": "richtext-input"}
        super().__init__({**defaults, **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/editor.css",
                    "css/richtext-editor.css",
                ]
            },
            js=[forms.Script("js/richtext-loader.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        # The loader imports the editor from this address (hashed in production).
        attrs = {**(attrs or {}), "data-richtext-module": static("js/richtext-editor.js")}
        return super().get_context(name, value, attrs)


class RichTextFormField(forms.CharField):
    widget = RichTextWidget
    default_error_messages = {
        "required": _("Write something here."),
        "blank": _("Write something here."),
    }

    def __init__(self, *args, max_length=None, **kwargs):
        kwargs.setdefault("help_text", EDITOR_HELP)
        kwargs["strip"] = False
        super().__init__(*args, max_length=max_length, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        cleaned = clean_rich_text(value)
        if self.required and is_blank(cleaned):
            raise ValidationError(self.error_messages["blank"], code="blank")
        return cleaned


class RichTextField(models.TextField):
    """A TextField of sanitised HTML. Render it with `{{ value|richtext }}`."""

    def pre_save(self, model_instance, add):
        cleaned = clean_rich_text(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, cleaned)
        return cleaned

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each checked with core.files.validate_upload."""

    widget = MultipleFileInput

    def __init__(self, *args, max_files=None, policy=None, **kwargs):
        self.policy = policy or UploadPolicy.from_settings()
        self.max_files = max_files or 10
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attach files"))
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _(
                    "Optional. Up to {count} files: {kinds} If the form shows a problem, choose "
                    "the files again."
                ),
                count=self.max_files,
                kinds=self.policy.description,
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        items = [item for item in items if item]
        if len(items) > self.max_files:
            raise ValidationError(
                _("Attach at most %(max_files)s files at a time.") % {"max_files": self.max_files}
            )
        errors, files = [], []
        for item in items:
            upload = super().clean(item, initial)
            try:
                validate_upload(upload, self.policy)
            except ValidationError as error:
                errors.extend(error.messages)
            files.append(upload)
        if errors:
            raise ValidationError(errors)
        return files
