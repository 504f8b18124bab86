"""Rows of a list page rendered once and then read from the cache.

A list's rows (a library's documents, the directory's cards) cost more to render than to read.
The HTML is kept under a digest of every value the rows show, of the language and time zone and
of the templates' source, so any change to what is shown is a new key and shows on the next
request: nothing needs forgetting, and unused entries age out. Whatever differs between viewers
must be among the values (and the template given nothing else), so two viewers share HTML only
when it would have come out the same for both.
"""

import hashlib
import logging
from functools import cache as memoise

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

log = logging.getLogger(__name__)

LIFETIME = 7 * 24 * 3600  # unused entries age out; a change never waits for this


@memoise
def _code_version(templates):
    digest = hashlib.sha256()
    for name in templates:
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()[:16]


def cached_rows(kind, templates, values, context):
    """The safe HTML of `templates[0]` rendered with `context` (a dict, no request), from the
    cache when the same `values` were rendered before. `templates` lists the template and every
    template it includes; `values` must hold everything the HTML shows (repr-able plain values)."""
    setting = (_code_version(tuple(templates)), translation.get_language())
    setting += (timezone.get_current_timezone_name(),)
    key = f"fragments:{kind}:{hashlib.sha256(repr((setting, values)).encode()).hexdigest()}"
    try:
        html, cache_up = cache.get(key), True
    except Exception:
        log.warning("fragments: cache unavailable", exc_info=True)
        html, cache_up = None, False
    if html is None:
        html = get_template(templates[0]).render(context)
        if cache_up:
            try:
                cache.set(key, html, LIFETIME)
            except Exception:
                log.warning("fragments: cache unavailable", exc_info=True)
    return mark_safe(html)  # noqa: S308 - our own templates' output, escaped there
