"""Radio buttons and checkboxes grouped under their question for assistive technology.

The shared form partial labels each field with one <label>; for a set of radios or checkboxes
that label is not tied to the inputs, so these widgets wrap them in role="group" named after
the field's label (what a <fieldset>/<legend> would give).
"""

from django import forms


class _Grouped:
    template_name = "communities/widgets/choice_group.html"
    group_label = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.group_label
        return context


class GroupedRadioSelect(_Grouped, forms.RadioSelect):
    pass


class GroupedCheckboxSelectMultiple(_Grouped, forms.CheckboxSelectMultiple):
    pass


def label_groups(form):
    """Name each grouped widget after its field's label (call at the end of __init__)."""
    for field in form.fields.values():
        if isinstance(field.widget, _Grouped):
            field.widget.group_label = str(field.label or "")
