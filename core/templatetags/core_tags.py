from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_if_installed(name, *args):
    """Navigation links to features that are not installed yet are simply left out."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
