from django import forms


class ReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with it?",
        help_text="Only the facilitators see this, and the name of who reported it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Say what is wrong, so the facilitators know what to look for."
        },
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "Hide it"), ("restore", "Restore it"), ("dismiss", "Dismiss the report")]
    )
