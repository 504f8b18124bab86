from django import forms

from richtext.fields import RichTextFormField


class CommentForm(forms.Form):
    body = RichTextFormField(
        label="Your comment",
        error_messages={
            "required": "Write something in your comment.",
            "blank": "Write something in your comment.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 6
