from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from richtext.fields import AttachmentsField, RichTextFormField

from .models import Topic
from .selectors import DEFAULT_PAGE_SIZE, PAGE_SIZES, SORTS


class TopicListForm(forms.Form):
    """The GET form above the topic list: sort order and page size (works without JS)."""

    sort = forms.ChoiceField(label=_("Sort by"), choices=list(SORTS.items()), required=False)
    per_page = forms.TypedChoiceField(
        label=_("Topics per page"),
        choices=[(n, str(n)) for n in PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=DEFAULT_PAGE_SIZE,
    )

    def values(self):
        if self.is_valid():
            return self.cleaned_data.get("sort") or "current", self.cleaned_data["per_page"]
        return "current", DEFAULT_PAGE_SIZE


class TopicForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": _("Give your topic a title.")},
        help_text=_("A short summary people will see in the topic list."),
    )
    kind = forms.ChoiceField(
        label=_("This topic is"),
        choices=Topic.Kind.choices,
        initial=Topic.Kind.DISCUSSION,
        widget=forms.RadioSelect,
    )
    body = RichTextFormField(
        label=_("Message"),
        error_messages={"required": _("Write your message."), "blank": _("Write your message.")},
    )
    files = AttachmentsField()


class ReplyForm(forms.Form):
    body = RichTextFormField(
        label=_("Your reply"),
        error_messages={"required": _("Write your reply."), "blank": _("Write your reply.")},
    )
    files = AttachmentsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 8


class PostEditForm(VersionedForm, forms.Form):
    """Edit a post; the opening post also edits the topic's title and kind."""

    conflict_noun = _("post")

    title = forms.CharField(
        max_length=200, error_messages={"required": _("Give your topic a title.")}
    )
    kind = forms.ChoiceField(
        label=_("This topic is"), choices=Topic.Kind.choices, widget=forms.RadioSelect
    )
    body = RichTextFormField(
        label=_("Message"),
        error_messages={"required": _("Write your message."), "blank": _("Write your message.")},
    )
    files = AttachmentsField(label=_("Attach more files"))
    remove_files = forms.MultipleChoiceField(
        label=_("Remove attachments"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, post, attachments, **kwargs):
        super().__init__(*args, **kwargs)
        if not post.is_opening:
            del self.fields["title"]
            del self.fields["kind"]
        if attachments:
            self.fields["remove_files"].choices = [(a.key, a.name) for a in attachments]
        else:
            del self.fields["remove_files"]
