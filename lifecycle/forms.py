from django import forms
from django.utils import timezone

from communities.models import Community
from core.concurrency import VersionedForm
from richtext.fields import RichTextFormField

from .models import Closedown, ToolkitTask


class TaskForm(forms.ModelForm):
    class Meta:
        model = ToolkitTask
        fields = ["stage", "title", "how"]
        labels = {"stage": "Stage", "title": "Task", "how": "How (one line)"}
        error_messages = {
            "title": {"required": "Give the task a title."},
            "how": {"required": "Say in one line how to do it."},
        }

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Give the task a title.")
        return title

    def clean_how(self):
        how = " ".join(self.cleaned_data["how"].split())
        if not how:
            raise forms.ValidationError("Say in one line how to do it.")
        return how


class TaskEditForm(TaskForm):
    class Meta(TaskForm.Meta):
        fields = ["title", "how"]


class LessonsForm(VersionedForm, forms.ModelForm):
    conflict_noun = "lessons learned"

    what_worked = RichTextFormField(label="What worked", required=False)
    what_did_not = RichTextFormField(label="What did not work", required=False)
    outputs = RichTextFormField(
        label="Outputs",
        required=False,
        help_text="What the community produced and where it now lives.",
    )

    class Meta:
        model = Closedown
        fields = ["what_worked", "what_did_not", "outputs"]

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("what_worked", "what_did_not", "outputs")):
            raise forms.ValidationError("Write at least one of the three parts.")
        return data


class SuccessorForm(forms.Form):
    successor = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        required=False,
        label="Successor community (optional)",
        empty_label="No successor",
        help_text="Members will be pointed to it. Only communities you can see are listed.",
        error_messages={"invalid_choice": "Choose a community from the list."},
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
        label="Read-only from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=(
            "Members can post until this date; from the start of it the community is a "
            "read-only archive. Leave empty (or choose today) to make it read-only now."
        ),
        error_messages={"invalid": "Enter a date such as 2026-12-31."},
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("Choose today or a later date.")
        return day
