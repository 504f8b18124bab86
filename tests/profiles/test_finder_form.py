"""The finder form's widgets, written in Python: the same HTML as Django's widget templates,
whatever is typed or chosen, with or without errors."""

import pytest
from django import forms

from profiles.forms import FinderForm, QuickSelect, QuickTextInput
from profiles.models import Region, ServiceArea

pytestmark = pytest.mark.django_db

STOCK = {QuickTextInput: forms.TextInput, QuickSelect: forms.Select}


def stock_html(form):
    """Each field as Django's own widget (its templates) writes it."""
    html = []
    for bound in form:
        quick = bound.field.widget
        stock = STOCK[type(quick)](attrs=quick.attrs)
        stock.choices = getattr(quick, "choices", ())
        stock.is_required = quick.is_required
        html.append(bound.as_widget(widget=stock))
    return html


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"expertise": "councils"},
        {"name": 'Ann "<b>" & O\'Neil', "organisation": "A&B", "region": Region.LONDON},
        {"interest": "x" * 101, "region": "nowhere", "service_area": "0"},
    ],
)
def test_the_quick_widgets_write_what_djangos_templates_write(data):
    ServiceArea.objects.get_or_create(name="Children's <services> & more")
    if data and "service_area" in data:
        data = {**data, "service_area": str(ServiceArea.objects.order_by("pk").last().pk)}
    form = FinderForm(data)
    form.is_valid()

    assert [str(bound) for bound in form] == stock_html(form)
    assert "selected" in "".join(str(bound) for bound in form)


def test_a_choice_in_groups_is_left_to_the_template():
    widget = QuickSelect(choices=[("Group <1>", [("a", "A & a")]), ("b", "B")])

    assert widget.render("g", "a") == forms.Select(choices=widget.choices).render("g", "a")
