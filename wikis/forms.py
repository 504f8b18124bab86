from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from richtext.fields import RichTextFormField

from .models import MAX_RELATED

REASON_HELP = _("A few words other members will see in the page history, e.g. “Added the agenda”.")


class RelatedEntriesMixin:
    """Up to five "Related entries" selects, (no JavaScript)."""

    def add_related_fields(self, choices, initial=()):
        initial = list(initial)
        options = [("", _("Select an entry…"))] + [(str(pk), title) for pk, title in choices]
        self.related_titles = dict(choices)
        for slot in range(MAX_RELATED):
            self.fields[f"related_{slot + 1}"] = forms.ChoiceField(
                label=_("Related entry %(number)s") % {"number": slot + 1},
                choices=options,
                required=False,
                initial=str(initial[slot]) if slot < len(initial) else "",
                help_text=(
                    _("Choose up to %(MAX_RELATED)s related pages from this wiki.")
                    % {"MAX_RELATED": MAX_RELATED}
                    if slot == 0
                    else ""
                ),
            )

    def related_ids(self):
        chosen = []
        for slot in range(MAX_RELATED):
            value = self.cleaned_data.get(f"related_{slot + 1}")
            if value and int(value) not in chosen:
                chosen.append(int(value))
        return chosen


class PageForm(RelatedEntriesMixin, forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": _("Give the page a title.")}
    )
    body = RichTextFormField(
        label=_("Body text"),
        error_messages={
            "required": _("Write something on the page."),
            "blank": _("Write something on the page."),
        },
    )
    reason = forms.CharField(
        label=_("Reason for update"),
        max_length=300,
        help_text=REASON_HELP,
        error_messages={"required": _("Say briefly why you updated the page.")},
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, related_choices=(), related_initial=(), creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["base_version"]
            self.fields["reason"].required = False
            self.fields["reason"].help_text = format_lazy(
                "{} {}", _("Optional for a new page."), REASON_HELP
            )
        self.add_related_fields(related_choices, related_initial)


class RevertForm(forms.Form):
    reason = forms.CharField(label=_("Reason for update"), max_length=300, required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WikiIndexForm(forms.Form):
    SORTS = {"az": _("A–Z"), "recent": _("Recently changed")}

    q = forms.CharField(label=_("Search this wiki"), max_length=200, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=list(SORTS.items()), required=False)


class CompareForm(forms.Form):
    old = forms.IntegerField(label=_("From revision"), min_value=1)
    new = forms.IntegerField(label=_("To revision"), min_value=1)

    def clean(self):
        data = super().clean()
        old, new = data.get("old"), data.get("new")
        if old and new and old == new:
            raise forms.ValidationError(_("Choose two different revisions to compare."))
        if old and new and old > new:
            data["old"], data["new"] = new, old
        return data
