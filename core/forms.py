from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class TextSizeForm(forms.Form):
    size = forms.ChoiceField(choices=[(s, s.title()) for s in settings.TEXT_SIZES])
    next = forms.CharField(required=False)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["message", "page"]
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6}),
            "page": forms.HiddenInput(),
        }
        labels = {"message": _("Your feedback")}
        help_texts = {"message": _("Tell us what works, what does not, or what you would like.")}
