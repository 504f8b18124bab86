from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedForm
from richtext.fields import AttachmentsField, RichTextFormField


class CommunityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, community):
        return community.name


class EntryForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": _("Give your entry a title.")}
    )
    body = RichTextFormField(
        label=_("Entry"),
        error_messages={"required": _("Write your entry."), "blank": _("Write your entry.")},
    )
    communities = CommunityChoiceField(
        label=_("Publish in these communities"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Optional. The entry appears in each community's “Blog entries” tab and is "
            "seen by whoever can see that community. Not published anywhere, it is visible to "
            "everyone signed in."
        ),
    )
    files = AttachmentsField()
    remove_files = forms.MultipleChoiceField(
        label=_("Remove attachments"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, communities, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communities"].queryset = communities
        if not communities:
            self.fields["communities"].help_text = _(
                "You are not a member of a community where you can publish, so this entry will "
                "be visible to everyone signed in."
            )
        if attachments:
            self.fields["remove_files"].choices = [(a.key, a.name) for a in attachments]
        else:
            del self.fields["remove_files"]


class EntryEditForm(VersionedForm, EntryForm):
    conflict_noun = _("entry")
