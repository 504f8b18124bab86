from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from richtext.fields import RichTextFormField


class CommentForm(forms.Form):
    body = RichTextFormField(
        label=_("Your comment"),
        error_messages={
            "required": _("Write something in your comment."),
            "blank": _("Write something in your comment."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 6


class CommentEditForm(VersionedForm, CommentForm):
    conflict_noun = _("comment")
