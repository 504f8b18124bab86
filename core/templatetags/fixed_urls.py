"""`{% url %}` for every template (a builtin library, see TEMPLATES in settings), remembering
the URLs that take no arguments.

Django's reverse() matches the name against its patterns with a regular expression on every
call, about 50-150 µs; the page frame alone (navigation, search box, text size, footer) reverses
a dozen such fixed URLs on every request. Their answer depends only on the name, the URL
configuration, the script prefix, the language (for language-prefixed patterns) and the
current application namespace, so those are the key. With arguments the tag is Django's own.
"""

import functools

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# The number of (name, namespace, prefix, configuration, language) answers kept per process.
FIXED_URLS_KEPT = 4096


@functools.lru_cache(maxsize=FIXED_URLS_KEPT)
def _fixed(view_name, current_app, prefix, urlconf, language):
    """reverse(view_name) for the given state, or None where there is no such URL. `prefix`,
    `urlconf` and `language` are not passed on: reverse() reads them itself; they are the key."""
    try:
        return reverse(view_name, current_app=current_app)
    except NoReverseMatch:
        return None


def fixed_url(view_name, current_app=None):
    """reverse(view_name), remembered; NoReverseMatch as reverse() raises it."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    url = _fixed(view_name, current_app, get_script_prefix(), urlconf, get_language())
    if url is None:
        raise NoReverseMatch(f"Reverse for '{view_name}' not found.")
    return url


class FixedURLNode(URLNode):
    def render(self, context):
        if self.args or self.kwargs:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        try:
            url = fixed_url(view_name, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
            url = ""
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's `{% url %}`, with fixed URLs remembered (see the module docstring)."""
    node = django_url(parser, token)
    return FixedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
