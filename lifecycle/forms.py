from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from core.concurrency import VersionedForm
from richtext.fields import RichTextFormField

from .models import Closedown, ToolkitTask


class TaskForm(forms.ModelForm):
    class Meta:
        model = ToolkitTask
        fields = ["stage", "title", "how"]
        labels = {"stage": _("Stage"), "title": _("Task"), "how": _("How (one line)")}
        error_messages = {
            "title": {"required": _("Give the task a title.")},
            "how": {"required": _("Say in one line how to do it.")},
        }

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the task a title."))
        return title

    def clean_how(self):
        how = " ".join(self.cleaned_data["how"].split())
        if not how:
            raise forms.ValidationError(_("Say in one line how to do it."))
        return how


class TaskEditForm(TaskForm):
    class Meta(TaskForm.Meta):
        fields = ["title", "how"]


class LessonsForm(VersionedForm, forms.ModelForm):
    conflict_noun = _("lessons learned")

    what_worked = RichTextFormField(label=_("What worked"), required=False)
    what_did_not = RichTextFormField(label=_("What did not work"), required=False)
    outputs = RichTextFormField(
        label=_("Outputs"),
        required=False,
        help_text=_("What the community produced and where it now lives."),
    )

    class Meta:
        model = Closedown
        fields = ["what_worked", "what_did_not", "outputs"]

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("what_worked", "what_did_not", "outputs")):
            raise forms.ValidationError(_("Write at least one of the three parts."))
        return data


class SuccessorForm(forms.Form):
    successor = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        label=_("Successor community (optional)"),
        empty_label=_("No successor"),
        help_text=_("Members will be pointed to it. Only communities you can see are listed."),
        error_messages={"invalid_choice": _("Choose a community from the list.")},
    )

    def __init__(self, *args, user, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            Community.objects.visible_to(user)
            .live()
            .not_archived()
            .exclude(pk=community.pk)
            .order_by("name")
        )


class ReadOnlyForm(forms.Form):
    day = forms.DateField(
        label=_("Read-only from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=(
            _(
                "Members can post until this date; from the start of it the community is a "
                "read-only archive. Leave empty (or choose today) to make it read-only now."
            )
        ),
        error_messages={"invalid": _("Enter a date such as 2026-12-31.")},
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return day
