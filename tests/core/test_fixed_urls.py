"""`{% url %}` remembers URLs without arguments, and still answers exactly as reverse() does:
under another script prefix, for a name that does not exist, and with arguments."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.templatetags.fixed_urls import FixedURLNode


def render(text, **context):
    return Template(text).render(Context(context))


def test_every_template_gets_the_remembering_tag_without_loading_it():
    template = Template("{% url 'core:help' %}")
    assert isinstance(template.nodelist[0], FixedURLNode)


def test_fixed_urls_are_the_ones_reverse_gives_every_time():
    for _ in range(3):
        assert render("{% url 'core:help' %}") == reverse("core:help")
        assert render("{% url 'core:help' as link %}[{{ link }}]") == f"[{reverse('core:help')}]"


def test_a_site_served_under_a_prefix_gets_prefixed_urls():
    plain = render("{% url 'core:help' %}")
    set_script_prefix("/cop/")
    try:
        assert render("{% url 'core:help' %}") == "/cop" + plain
    finally:
        set_script_prefix("/")
    assert render("{% url 'core:help' %}") == plain


def test_a_missing_name_still_raises_or_gives_nothing_with_as():
    with pytest.raises(NoReverseMatch):
        render("{% url 'no:such-page' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'no:such-page' %}")  # the miss is remembered, and raised again
    assert render("{% url 'no:such-page' as link %}[{{ link }}]") == "[]"


def test_urls_with_arguments_are_reversed_each_time():
    assert render("{% url 'communities:home' slug %}", slug="a-b") == reverse(
        "communities:home", kwargs={"slug": "a-b"}
    )
    assert render("{% url 'communities:home' slug=slug %}", slug="c") == reverse(
        "communities:home", kwargs={"slug": "c"}
    )


def test_the_tag_still_refuses_what_djangos_refuses():
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")
